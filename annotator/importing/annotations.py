"""The way in for annotated JSONL (native and spans exports, Prodigy-style tasks): match and write.

The lines are read by ``readers.annotated_jsonl`` (each by the reader of its
kind); here they are matched to the project and written.

Each file is read and checked whole before anything is written; the import of
all files is one transaction, so a bad line leaves the project as it was.

- Annotations attach to an article already in the project when its id (or, failing
  that, its text) matches; paragraphs are matched by index and text. A new
  article is built from the file: from the native article text and paragraph
  layout when given, otherwise from the paragraphs joined by line breaks.
- Imported spans belong to ``annotator``. Spans lines get origin ``imported``
  and their paragraphs become done for that annotator. Native lines restore
  what they say (ids, origin, attributes, status), so a native export imported
  into an empty project exports again identically. With ``as_suggestions``
  every span becomes a suggestion (origin ``suggested``) and no status changes.
- An annotation already there (same paragraph, annotator, offsets and label) is
  not added again, so importing a file twice adds nothing.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.boilerplate import flag_paragraphs, guess_title
from annotator.core.labels import LabelSchema
from annotator.core.model import ArticleIn, Link
from annotator.core.offsets import OffsetUnit, SpacingMap, without_spaces
from annotator.core.paragraphs import Span, split_paragraphs
from annotator.core.progress import Progress, no_progress
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing.readers.annotated_jsonl import parse_file
from annotator.importing.readers.decode import printable
from annotator.importing.readers.lines import InAnnotation, InArticle, InPiece, ParsedFile, Status
from annotator.importing.readers.registry import (
    check_line_file,
    document_format,
    is_annotated_file,
    read_document,
)
from annotator.store import annotations as rows
from annotator.store import articles as arts
from annotator.store import corpus_queries as q
from annotator.store.labels_store import load_schema
from annotator.store.project import Project

log = logging.getLogger(__name__)

Par = tuple[int, int, int, int, str]  # paragraph id, index, start, end, text

__all__ = ["AnnotatedImportSummary", "import_annotated", "is_annotated_file"]


@dataclass
class AnnotatedImportSummary:
    files: int = 0
    lines_read: int = 0
    articles_new: int = 0
    articles_matched: int = 0
    annotations: int = 0
    already_there: int = 0
    links: int = 0
    paragraphs_done: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # what a peer format's reader chose (ParsedFile.notes)
    skipped: list[str] = field(default_factory=list)  # one-line errors, with skip_bad

    def add(self, other: AnnotatedImportSummary) -> None:
        for name in ("files", "lines_read", "articles_new", "articles_matched", "annotations", "already_there",
                     "links", "paragraphs_done"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.dropped.update(other.dropped)
        self.notes.update(other.notes)
        self.skipped += other.skipped

    def lines(self) -> list[str]:
        out = [f"{self.annotations} annotation(s) and {self.links} link(s) imported from {self.lines_read} line(s) "
               f"in {self.files} file(s); {self.articles_new} new article(s), {self.articles_matched} already in "
               f"the project; {self.already_there} annotation(s) were already there; "
               f"{self.paragraphs_done} paragraph(s) marked"]
        out += [f"  {n} {what}" for what, n in sorted(self.notes.items())]
        out += [f"  not imported: {n} {why}" for why, n in sorted(self.dropped.items())]
        out += [f"  skipped {err}" for err in self.skipped]
        return out


def import_annotated(project: Project, paths: Iterable[str | Path], *, annotator: str | None,
                     as_suggestions: bool = False, encoding: str | None = None, skip_bad: bool = False,
                     progress: Progress = no_progress, fmt: str | None = None,
                     offsets: OffsetUnit | None = None) -> AnnotatedImportSummary:
    """Import annotated files; see the module docstring. ``fmt``: the format ``import --format`` names (None:
    recognised per file); ``offsets``: the unit of a peer file's offsets (``--offsets``). Raises
    :class:`AnnotatorError`."""
    if not annotator:
        raise AnnotatorError("importing annotations needs --annotator NAME (whose annotations they become)")
    schema = load_schema(project)
    summary = AnnotatedImportSummary()
    parsed: list[ParsedFile] = []
    for p in paths:
        try:
            peer = document_format(Path(p), encoding, fmt)
            if peer is not None:
                pf = read_document(peer, Path(p), encoding, offsets)
            else:
                check_line_file(Path(p), encoding, fmt, offsets)
                pf = parse_file(Path(p), encoding)
            _check_labels(pf, schema)
        except AnnotatorError as exc:
            if not skip_bad:
                raise
            summary.skipped.append(str(exc))
            continue
        parsed.append(pf)
    total = sum(len(pf.articles) for pf in parsed)
    done = 0
    with project.write():
        for pf in parsed:
            try:
                with project.write():  # a savepoint: with skip_bad, a file that fails goes whole
                    done = _import_file(project, pf, annotator, as_suggestions, schema, summary, done, total,
                                        progress)
            except AnnotatorError as exc:
                if not skip_bad:
                    raise
                summary.skipped.append(str(exc))
    return summary


def _import_file(project: Project, pf: ParsedFile, annotator: str, as_suggestions: bool, schema: LabelSchema,
                 summary: AnnotatedImportSummary, done: int, total: int, progress: Progress) -> int:
    """Import one parsed file; its counts join ``summary`` only when all of it went in."""
    mine = AnnotatedImportSummary(files=1, lines_read=pf.lines)
    by_characters = _paragraphs_by_characters(project, pf.articles)
    for art in pf.articles:
        _Importer(project, annotator, as_suggestions, schema, mine, by_characters).run(art)
        done += 1
        progress(done, total, art.ext_id or pf.path)
    if pf.rejected:
        mine.dropped["line(s) answered reject/ignore"] += pf.rejected
    if pf.dropped_relations:
        mine.dropped["relation(s) that are not speaker/claimant/cue links"] += pf.dropped_relations
    mine.dropped.update(pf.dropped)
    mine.notes.update(pf.notes)
    project.log_event("import-annotations", annotator, {
        "file": pf.path, "annotations": mine.annotations, "suggestions": as_suggestions})
    summary.add(mine)
    return done


def _check_labels(pf: ParsedFile, schema: LabelSchema) -> None:
    for art in pf.articles:
        for piece in art.pieces:
            for a in piece.annotations:
                if a.label not in schema:
                    raise BadInputError(pf.path, printable(f"label {a.label!r} is not in the project's label schema"),
                                        piece.line)
                layer = schema.get(a.label).layer
                if a.layer is not None and a.layer != layer:
                    raise BadInputError(pf.path, printable(f"label {a.label} is on layer {layer} in this project, "
                                                           f"not {a.layer!r}"), piece.line)


def _joined(pieces: list[InPiece]) -> tuple[str, list[tuple[int, int]]]:
    """An article text made of the pieces' paragraphs, and where each one lies."""
    cores = [p.text.strip() for p in pieces]
    sep = "\n\n" if any("\n" in c for c in cores) else "\n"
    text, spans, pos = [], [], 0
    for core in cores:
        text.append(core)
        spans.append((pos, pos + len(core)))
        pos += len(core) + len(sep)
    return sep.join(text), spans


def _paragraphs_by_characters(project: Project, articles: list[InArticle]) -> dict[str, tuple[int, str]]:
    """For the file's blocks of tokens without their spacing: the first project paragraph (id, text) with the
    same characters apart from white space, keyed by those characters; one pass over the project's text."""
    wanted = {without_spaces(a.pieces[0].text) for a in articles if not a.spacing_known and a.pieces}
    found: dict[str, tuple[int, str]] = {}
    if wanted:
        for pid, text in q.all_paragraphs(project):
            key = without_spaces(text)
            if key in wanted and key not in found:
                found[key] = (pid, text)
    return found


class _Importer:
    def __init__(self, project: Project, annotator: str, as_suggestions: bool, schema: LabelSchema,
                 summary: AnnotatedImportSummary, by_characters: dict[str, tuple[int, str]] | None = None) -> None:
        self.by_characters = by_characters or {}
        self.project, self.annotator, self.as_suggestions = project, annotator, as_suggestions
        self.schema, self.summary = schema, summary
        self.annotator_id = rows.ensure_annotator(project, annotator)  # added when missing (inside the write)
        self.ids: dict[str, int] = {}  # annotation key in the file -> annotation id
        # paragraph id -> (start, end, label) -> id of this annotator's annotation there, read once per
        # paragraph: one query per span was a scan of the paragraph's annotations each (quadratic)
        self.existing: dict[int, dict[tuple[int, int, str], int]] = {}

    def fail(self, art: InArticle, message: str, line: int | None = None) -> BadInputError:
        return BadInputError(art.path, printable(message), line if line is not None else art.line)

    # -- the article ----------------------------------------------------------------
    def _find(self, art: InArticle) -> int | None:
        found = None
        if art.ext_id is not None:
            found = self.project.scalar("SELECT id FROM articles WHERE ext_id = ?", (art.ext_id,))
        text = art.text if art.text is not None else _joined(art.pieces)[0]
        if found is None:
            found = self.project.scalar("SELECT id FROM articles WHERE content_hash = ?", (arts.content_hash(text),))
        return found

    def _create(self, art: InArticle) -> int:
        if art.text is None:
            text, spans = _joined(art.pieces)
            flags = flag_paragraphs([text[s:e] for s, e in spans], art.head.get("title"))
        elif art.layout is not None:
            text = art.text
            spans = [(s, e) for s, e, _ in art.layout]
            flags = [f for _, _, f in art.layout]
        else:
            text = art.text
            spans = [(s.start, s.end) for s in split_paragraphs(text)[1]]
            flags = flag_paragraphs([text[s:e] for s, e in spans], art.head.get("title"))
        if not spans:
            raise self.fail(art, "the article has no paragraph with text")
        mode, auto = split_paragraphs(text)
        if [(s.start, s.end) for s in auto] != spans:
            mode = "explicit"
        pars = [text[s:e] for s, e in spans]
        title = art.head.get("title")
        if title is None:
            title = guess_title(pars, flags) or next((p for p, f in zip(pars, flags) if f is None), pars[0])[:200]
        digest = arts.content_hash(text)
        ext_id = arts.free_ext_id(self.project, art.ext_id or digest[:16], digest)
        art_in = ArticleIn(ext_id, text, title, art.head.get("source"), art.head.get("url"), art.head.get("lang"),
                           dict(art.head.get("meta") or {}))
        self.summary.articles_new += 1
        return arts.insert_article(self.project, art_in, ext_id, digest, mode, [Span(s, e) for s, e in spans], flags)

    def run(self, art: InArticle) -> None:
        if not art.spacing_known:
            if self._respaced(art):
                return
            self.summary.notes["block(s) of tokens not found in the project: new articles, tokens joined by "
                               "spaces"] += 1
        article_id = self._find(art)
        if article_id is None:
            article_id = self._create(art)
        else:
            self.summary.articles_matched += 1
        pars = q.article_paragraphs(self.project, article_id)
        if art.whole:
            self._whole(art, article_id, pars)
        else:
            used: set[int] = set()
            for piece in art.pieces:
                self._piece(art, piece, pars, used)
        for piece in art.pieces:
            for lk in piece.links:
                self._link(lk.source, lk.kind, lk.target, lk.special)

    def _respaced(self, art: InArticle) -> bool:
        """Put a block of tokens (spacing unknown) on the project paragraph with the same characters."""
        piece = art.pieces[0]
        hit = self.by_characters.get(without_spaces(piece.text))
        if hit is None:
            return False
        pid, ptext = hit
        spacing = SpacingMap(piece.text, ptext)
        for a in piece.annotations:
            span = spacing.span(a.start, a.end)
            if span is None:
                raise self.fail(art, f"span {a.start}-{a.end} ({a.label}) holds only white space", piece.line)
            self._add(pid, ptext, a, *span)
        self._status([pid], "done")
        self.summary.articles_matched += 1
        self.summary.notes["block(s) of tokens matched to a project paragraph by their characters"] += 1
        return True

    # -- annotations ----------------------------------------------------------------
    def _whole(self, art: InArticle, article_id: int, pars: list[Par]) -> None:
        piece = art.pieces[0]
        if q.article_text(self.project, article_id) != piece.text:
            raise self.fail(art, f"article {art.ext_id} is in the project with a different text", piece.line)
        starts = [p[2] for p in pars]
        for a in piece.annotations:
            i = bisect_right(starts, a.start) - 1
            if i < 0 or a.end > pars[i][3]:
                raise self.fail(art, f"span {a.start}-{a.end} ({a.label}) is not inside one paragraph", piece.line)
            pid, _, pstart, _, ptext = pars[i]
            self._add(pid, ptext, a, a.start - pstart, a.end - pstart)
        self._status([p[0] for p in pars], "done")

    def _piece(self, art: InArticle, piece: InPiece, pars: list[Par], used: set[int]) -> None:
        core = piece.text.strip()
        lead = len(piece.text) - len(piece.text.lstrip())
        match = None
        if piece.index is not None and piece.index < len(pars) and pars[piece.index][4] == core \
                and pars[piece.index][0] not in used:
            match = pars[piece.index]
        else:
            match = next((p for p in pars if p[4] == core and p[0] not in used), None)
        if match is None:
            raise self.fail(art, f"paragraph {piece.index} does not match any paragraph of article "
                            f"{art.ext_id} in the project", piece.line)
        used.add(match[0])
        for a in piece.annotations:
            s, e = a.start - lead, a.end - lead
            if s < 0 or e > len(core):
                raise self.fail(art, f"span {a.start}-{a.end} ({a.label}) lies in the white space around "
                                "the paragraph", piece.line)
            self._add(match[0], match[4], a, s, e)
        if piece.status in ("done", "skipped"):  # a spans line's paragraph: done; native: as the line says
            self._status([match[0]], piece.status)

    def _add(self, paragraph_id: int, ptext: str, a: InAnnotation, start: int, end: int) -> None:
        existing = self.existing.get(paragraph_id)
        if existing is None:
            existing = self.existing[paragraph_id] = q.annotation_keys(self.project, paragraph_id,
                                                                       self.annotator_id)
        key = (start, end, a.label)
        same = existing.get(key)
        if same is not None:
            self.ids[a.key] = same
            self.summary.already_there += 1
            return
        uid = a.uid if a.uid and not q.uid_taken(self.project, a.uid) else None
        origin = "suggested" if self.as_suggestions else (a.origin or "imported")
        self.ids[a.key] = existing[key] = rows.insert(
            self.project, paragraph_id=paragraph_id, annotator=self.annotator, layer=self.schema.get(a.label).layer,
            label=a.label, start=start, end=end, text=ptext[start:end], attrs=a.attrs, origin=origin, uid=uid,
            entity=a.entity)
        self.summary.annotations += 1

    def _link(self, source: str, kind: str, target: str | None, special: str | None) -> None:
        src = self.ids[source]
        tgt = None
        if target is not None:
            tgt = self.ids.get(target)
            if tgt is None:
                self.summary.dropped["link(s) whose target is not in the file"] += 1
                return
        link = Link(src, kind, tgt, special)
        if rows.get_link(self.project, src, kind) == link:
            return
        rows.set_link(self.project, link)
        self.summary.links += 1

    def _status(self, paragraph_ids: list[int], status: Status) -> None:
        if self.as_suggestions:
            return
        for pid in paragraph_ids:
            rows.set_status(self.project, pid, self.annotator, status)
            self.summary.paragraphs_done += 1
