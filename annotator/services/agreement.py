"""Inter-annotator agreement of a project: ``annotator agreement`` and the GUI's agreement table.

Reads the annotations of the chosen annotators in the paragraphs at least two
of them marked done (two set-based queries, none per paragraph), turns them into plain spans and hands them
to :mod:`annotator.core.agreement`. Reviewers are left out unless named.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable, Iterator, Sequence
from typing import Any

from annotator.core.agreement import AgreementCounter, ParagraphSpans, Span
from annotator.errors import AnnotatorError, NotFoundError
from annotator.store import review_queries as q
from annotator.store.project import Project

log = logging.getLogger(__name__)

LAYER_CHOICES = ("entity", "quote", "claim", "cue", "all")
ALL_LAYERS = ("entity", "quote", "cue", "claim")


def layers_for(layer: str) -> tuple[tuple[str, ...], str]:
    """(layers compared as spans, layer whose spans label the tokens) for a ``--layer`` choice."""
    if layer == "all":
        return ALL_LAYERS, "entity"
    if layer not in LAYER_CHOICES:
        raise AnnotatorError(f"unknown layer {layer!r}; choose one of {', '.join(LAYER_CHOICES)}")
    return (layer,), layer


def link_keys(special: str | None, t_paragraph_id: int | None, t_start: int | None, t_end: int | None,
              t_label: str | None, t_entity: str | None, t_text: str | None) -> frozenset[Hashable]:
    """Identity keys of a quote's speaker / a claim's claimant.

    The same source when the linked spans have the same paragraph, span and label,
    or the same entity (its key, else label and case-folded text, as in
    :func:`annotator.core.entities.entity_key`), or the same special source.
    """
    if special is not None:
        return frozenset({("special", special)})
    if t_paragraph_id is None:
        return frozenset()
    return frozenset({("span", t_paragraph_id, t_start, t_end, t_label),
                      ("entity", t_entity or f"{t_label}:{(t_text or '').casefold()}")})


def to_span(row: q.SpanRow) -> Span:
    """A review row as a plain span."""
    checkworthy = None
    if row.layer == "claim" and row.attrs != "{}":
        value = json.loads(row.attrs).get("checkworthy")
        checkworthy = None if value is None else str(value)
    link: frozenset[Hashable] = frozenset()
    if row.layer in ("quote", "claim"):
        link = link_keys(row.special, row.t_paragraph_id, row.t_start, row.t_end, row.t_label, row.t_entity,
                         row.t_text)
    return Span(row.start, row.end, row.label, row.layer, link, checkworthy)


def paragraph_spans(project: Project, names: Sequence[str], layers: Sequence[str],
                    min_annotators: int = 2) -> Iterator[tuple[q.DoneParagraph, ParagraphSpans]]:
    """Each paragraph done by ``min_annotators`` or more of ``names``, with their spans, by paragraph id."""
    pars = sorted(q.done_paragraphs(project, names, min_annotators), key=lambda p: p.id)
    rows = q.agreement_rows(project, names, layers, min_annotators)  # by paragraph id, see AGREEMENT_COLUMNS
    i, n = 0, len(rows)
    for par in pars:
        spans: dict[str, list[Span]] = {name: [] for name in par.annotators}
        while i < n and rows[i][0] <= par.id:
            r = rows[i]
            i += 1
            if r[0] != par.id:
                continue
            if r[7] is None and r[8] is None and r[6] is None:  # no link, no check-worthiness: most spans
                spans[r[1]].append(Span(r[2], r[3], r[4], r[5]))
            else:
                spans[r[1]].append(Span(r[2], r[3], r[4], r[5], link_keys(*r[7:]),
                                        None if r[6] is None else str(r[6])))
        yield par, ParagraphSpans(par.text, spans)


def resolve_annotators(project: Project, annotators: Sequence[str] | None) -> list[str]:
    """The annotators named (checked to exist), or every non-reviewer who has done a paragraph."""
    if annotators:
        names = list(dict.fromkeys(a.strip() for a in annotators if a.strip()))
        known = {n for n, _ in q.annotators(project)}
        missing = [n for n in names if n not in known]
        if missing:
            raise NotFoundError(f"no annotator named {', '.join(missing)} in {project.path}")
    else:
        names = q.active_annotators(project)
    if len(names) < 2:
        raise AnnotatorError("agreement needs at least two annotators who marked paragraphs done"
                             + (f" (found: {', '.join(names)})" if names else ""))
    return names


def project_agreement(project: Project, annotators: Sequence[str] | None = None,
                      layer: str = "all") -> dict[str, Any]:
    """Agreement figures as one JSON-ready dict (see :class:`annotator.core.agreement.AgreementResult`)."""
    names = resolve_annotators(project, annotators)
    span_layers, token_layer = layers_for(layer)
    counter = AgreementCounter(names, span_layers=span_layers, token_layer=token_layer)
    layers = sorted(set(span_layers) | {token_layer})
    for _par, spans in paragraph_spans(project, names, layers):
        counter.add(spans)
    result = counter.result().to_dict()
    result.update({"layer": layer, "span_layers": list(span_layers), "token_layer": token_layer})
    log.info("agreement of %s over %d paragraph(s)", ", ".join(names), result["paragraphs"])
    return result


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_agreement(data: dict[str, Any]) -> list[str]:
    """The figures as text lines for the terminal."""
    lines = [f"annotators   {', '.join(data['annotators'])}",
             f"paragraphs   {data['paragraphs']} done by two or more; layer {data['layer']} "
             f"(tokens labelled by {data['token_layer']} spans)",
             f"Krippendorff's alpha (nominal, {data['alpha_units']} tokens): {_num(data['krippendorff_alpha'])}",
             "",
             f"{'pair':<24} {'pars':>5} {'F1 exact':>8} {'F1 ovl':>7} {'kappa':>6} {'speaker':>8} "
             f"{'claimant':>8} {'checkw.':>7}"]
    for p in data["pairs"]:
        lines.append(f"{p['a'] + ' / ' + p['b']:<24} {p['paragraphs']:>5} {_num(p['span_f1']):>8} "
                     f"{_num(p['span_f1_overlap']):>7} {_num(p['cohen_kappa']):>6} "
                     f"{_num(p['quote_attribution']['agreement']):>8} {_num(p['claimant']['agreement']):>8} "
                     f"{_num(p['checkworthiness']['agreement']):>7}")
    if data["labels"]:
        lines += ["", "span F1 (exact / overlap) by label"]
        lines.append(f"{'pair':<24} " + " ".join(f"{lab:>13}" for lab in data["labels"]))
        for p in data["pairs"]:
            cells = [f"{_num(p['span_f1_by_label'].get(lab), 2)}/{_num(p['span_f1_overlap_by_label'].get(lab), 2)}"
                     for lab in data["labels"]]
            lines.append(f"{p['a'] + ' / ' + p['b']:<24} " + " ".join(f"{c:>13}" for c in cells))
    return lines
