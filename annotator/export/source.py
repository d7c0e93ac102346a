"""Stream a selection of the project as export units (paragraphs or whole articles).

Paragraphs come from one ordered cursor in batches; each batch costs one query
for its annotations, one for their links (formats that need links), one for the
articles it starts and (formats that need full rows) one for those articles'
paragraph layout. Only one batch and its articles are in memory at a time.

What is read for a format is decided once, by :meth:`ReadPlan.of` from the
format's declarations; the main process and every worker read by the same plan
(:func:`read_units`).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from annotator.errors import AnnotatorError
from annotator.export.formats.base import ExportFormat
from annotator.export.formats.unit import ParagraphPart, Unit
from annotator.store import corpus_queries as q
from annotator.store.corpus_queries import (
    AnnotationRow,
    ArticleInfo,
    ArticleRange,
    LinkRow,
    ParagraphRow,
    Selection,
)
from annotator.store.project import Project


class ExportError(AnnotatorError):
    """The project holds something that cannot be exported as it is."""


def verify(where: str, text: str, anns: list[AnnotationRow]) -> None:
    """Every span must lie in the text and cover exactly its stored text."""
    n = len(text)
    for a in anns:
        if not 0 <= a.start < a.end <= n:
            raise ExportError(f"{where}: annotation {a.uid} ({a.label}) at {a.start}-{a.end} lies outside "
                              f"the paragraph (length {n}); nothing was written")
        if text[a.start:a.end] != a.text:
            raise ExportError(f"{where}: annotation {a.uid} ({a.label}) at {a.start}-{a.end} stores "
                              f"{a.text!r} but the text there is {text[a.start:a.end]!r}; nothing was written")


def _check(project: Project, sel: Selection, where: str, text: str, paragraph_id: int,
           anns: list[AnnotationRow]) -> None:
    """:func:`verify`; on a bad span, the paragraph's annotations are read again whole, so the message
    names the annotation by its id even when the export reads them without ids."""
    try:
        verify(where, text, anns)
    except ExportError:
        verify(where, text, q.annotations_for(project, sel, [paragraph_id]).get(paragraph_id, []))
        raise


def _batches(project: Project, sel: Selection, *, all_status: bool, layouts: bool, links: bool, full: bool,
             articles: ArticleRange | None,
             ) -> Iterator[tuple[list[ParagraphRow], dict[int, ArticleInfo], dict[int, list[AnnotationRow]],
                                 dict[int, list[LinkRow]], dict[int, list[list[Any]]]]]:
    """Each batch of paragraphs with its articles, annotations (by paragraph), links and layouts."""
    infos: dict[int, ArticleInfo] = {}
    layout: dict[int, list[list[Any]]] = {}
    for batch in q.iter_paragraph_batches(project, sel, all_status=all_status, articles=articles):
        pids = [p.id for p in batch]
        anns = q.annotations_for(project, sel, pids, full=full)
        batch_links = q.links_for(project, sel, [a.id for al in anns.values() for a in al]) if links else {}
        keep = batch[0].article_id  # the article the last batch ended in may go on
        infos = {keep: infos[keep]} if keep in infos else {}
        layout = {keep: layout[keep]} if keep in layout else {}
        new = sorted({p.article_id for p in batch} - infos.keys())
        infos.update(q.articles_by_id(project, new))
        if layouts:
            layout.update(q.layouts_for(project, new))
        yield batch, infos, anns, batch_links, layout


def paragraph_units(project: Project, sel: Selection, *, layouts: bool = False, links: bool = True,
                    full: bool = True, articles: ArticleRange | None = None) -> Generator[Unit, None, None]:
    """One unit per selected paragraph (of a range of ``articles`` if given), with the article's layout
    when asked (``full``: see :func:`~annotator.store.corpus_queries.annotations_for`).

    (The loop is written out for speed: it runs once per paragraph exported.)
    """
    last_article = None
    for batch, infos, anns_of, batch_links, layout in _batches(project, sel, all_status=False, layouts=layouts,
                                                                links=links, full=full, articles=articles):
        for p in batch:
            art = infos[p.article_id]
            text = art.text[p.start:p.end]
            anns = anns_of.get(p.id)
            if anns is None:
                anns = []
            else:
                n = len(text)
                for a in anns:
                    if not 0 <= a.start < a.end <= n or text[a.start:a.end] != a.text:
                        _check(project, sel, f"article {art.ext_id} paragraph {p.idx}", text, p.id, anns)  # raises
            yield Unit(article=art, paragraph=p.idx, text=text, start=p.start, end=p.end, boilerplate=p.boilerplate,
                       status=p.status, annotations=anns, links=batch_links,
                       first_of_article=p.article_id != last_article, layout=layout.get(p.article_id))
            last_article = p.article_id


def _shift(a: AnnotationRow, by: int) -> AnnotationRow:
    return a._replace(start=a.start + by, end=a.end + by)


def _article_unit(art: ArticleInfo, parts: list[tuple[ParagraphRow, list[AnnotationRow]]],
                  links: dict[int, list[LinkRow]]) -> Unit:
    anns: list[AnnotationRow] = []
    out_parts = []
    for p, pa in parts:
        anns += [_shift(a, p.start) for a in pa]
        out_parts.append(ParagraphPart(idx=p.idx, start=p.start, end=p.end, boilerplate=p.boilerplate,
                                       status=p.status, annotations=pa,
                                       links={a.id: links[a.id] for a in pa if a.id in links}))
    unit_links = {k: v for part in out_parts for k, v in part.links.items()}
    return Unit(article=art, paragraph=None, text=art.text, start=0, end=len(art.text), boilerplate=None,
                status="done", annotations=anns, links=unit_links, parts=out_parts)


def article_units(project: Project, sel: Selection, skipped: dict[str, int],
                  tick: Callable[[str], None] | None = None, *, links: bool = True,
                  full: bool = True, articles: ArticleRange | None = None) -> Generator[Unit, None, None]:
    """One unit per article; with status ``done`` only articles whose every
    non-boilerplate paragraph is done (the others are counted in ``skipped``)."""
    cur_art: ArticleInfo | None = None
    parts: list[tuple[ParagraphRow, list[AnnotationRow]]] = []
    unit_links: dict[int, list[LinkRow]] = {}

    def finish() -> Unit | None:
        assert cur_art is not None
        complete = all(p.status == "done" or p.boilerplate for p, _ in parts) and \
            any(p.status == "done" for p, _ in parts)
        if sel.status == "done" and not complete:
            skipped["article(s) not done in every paragraph"] = skipped.get(
                "article(s) not done in every paragraph", 0) + 1
            return None
        for p, pa in parts:
            _check(project, sel, f"article {cur_art.ext_id} paragraph {p.idx}", cur_art.text[p.start:p.end], p.id, pa)
        return _article_unit(cur_art, parts, unit_links)

    for batch, infos, anns_of, batch_links, _ in _batches(project, sel, all_status=True, layouts=False,
                                                          links=links, full=full, articles=articles):
        for p in batch:
            art = infos[p.article_id]
            anns = anns_of.get(p.id, [])
            if cur_art is not None and art.id != cur_art.id:
                unit = finish()
                if unit is not None:
                    yield unit
                parts, unit_links = [], {}
            cur_art = art
            parts.append((p, anns))
            for a in anns:
                if a.id in batch_links:
                    unit_links[a.id] = batch_links[a.id]
            if tick is not None:
                tick(art.ext_id)
    if cur_art is not None:
        unit = finish()
        if unit is not None:
            yield unit


@dataclass(frozen=True, kw_only=True)
class ReadPlan:
    """What to read for an export: the unit, and what its format declared it needs."""

    article_mode: bool  # one unit per article
    links: bool  # the format's needs_links
    full: bool  # the format's full_rows: ids, attributes, entities, and (paragraph units) the layout

    @classmethod
    def of(cls, fmt: type[ExportFormat], article_mode: bool) -> ReadPlan:
        """The plan for a format class."""
        return cls(article_mode=article_mode, links=fmt.needs_links, full=fmt.full_rows)


def read_units(project: Project, sel: Selection, plan: ReadPlan, left_out: dict[str, int],
               tick: Callable[[str], None] | None, articles: ArticleRange | None = None) -> Generator[Unit, None, None]:
    """The units of the selection (of a range of ``articles`` if given) as ``plan`` says. Article units call
    ``tick`` once per paragraph read and count the articles left out in ``left_out``; paragraph units do
    neither (their writer ticks once per unit)."""
    if plan.article_mode:
        return article_units(project, sel, left_out, tick, links=plan.links, full=plan.full, articles=articles)
    return paragraph_units(project, sel, layouts=plan.full, links=plan.links, full=plan.full, articles=articles)
