"""Read a whole project's work, and write copied rows: the store side of merge and assign.

Reading gives plain tuples (no ids are shared between files), all from one
moment of the file (one read transaction, or the caller's write transaction);
writing keeps uids, timestamps and article metadata as they were in the source.
The write functions do no transaction handling: the services wrap them in
``project.write()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.store.project import Project


class ArticleData(NamedTuple):
    id: int
    ext_id: str
    title: str | None
    source: str | None
    url: str | None
    lang: str | None
    meta: str
    text: str
    content_hash: str
    split_mode: str
    imported_at: str


class ParagraphData(NamedTuple):
    id: int
    article_id: int
    idx: int
    start: int
    end: int
    boilerplate: str | None


class AnnotationData(NamedTuple):
    id: int
    uid: str
    paragraph_id: int
    annotator: str
    layer: str
    label: str
    start: int
    end: int
    text: str
    attrs: str  # JSON with sorted keys
    origin: str
    entity: str | None
    created_at: str
    updated_at: str


class LinkData(NamedTuple):
    source_id: int
    kind: str
    target_id: int | None
    special: str | None
    created_at: str


class StatusData(NamedTuple):
    paragraph_id: int
    annotator: str
    status: str
    updated_at: str


@dataclass
class ProjectData:
    """Everything merge needs from one project file."""

    path: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (name, definition JSON), in order
    annotators: dict[str, bool] = field(default_factory=dict)  # name -> is reviewer
    articles: dict[int, ArticleData] = field(default_factory=dict)
    paragraphs: dict[int, ParagraphData] = field(default_factory=dict)
    annotations: list[AnnotationData] = field(default_factory=list)
    links: list[LinkData] = field(default_factory=list)
    statuses: list[StatusData] = field(default_factory=list)
    _by_article: dict[int, list[ParagraphData]] | None = field(default=None, repr=False, compare=False)

    def paragraphs_of(self, article_id: int) -> list[ParagraphData]:
        if self._by_article is None:
            self._by_article = {}
            for p in self.paragraphs.values():
                self._by_article.setdefault(p.article_id, []).append(p)
        return self._by_article.get(article_id, [])


def _norm(attrs: str) -> str:
    """Attributes JSON in one spelling (sorted keys), so equal attributes compare equal."""
    if attrs == "{}":
        return attrs
    return json.dumps(json.loads(attrs), ensure_ascii=False, sort_keys=True)


@contextmanager
def one_moment(project: Project) -> Iterator[None]:
    """Every read in the block sees the file as it was at one moment, whatever other programs commit
    meanwhile: a read transaction (in WAL mode it does not hold up writers), or the one already open."""
    if project.conn.in_transaction:
        yield
        return
    project.conn.execute("BEGIN")
    try:
        yield
    finally:
        if project.conn.in_transaction:
            project.conn.execute("ROLLBACK")  # nothing was written: this only ends the read


def read_project(project: Project, article_ids: Iterable[int] | None = None,
                 annotators: Sequence[str] | None = None) -> ProjectData:
    """Read a project, or only some of its articles and the work of some annotators, as it is at one
    moment (see :func:`one_moment`)."""
    with one_moment(project):
        return _read(project, article_ids, annotators)


def _read(project: Project, article_ids: Iterable[int] | None, annotators: Sequence[str] | None) -> ProjectData:
    q = project.conn.execute
    data = ProjectData(str(project.path))
    data.labels = [(r[0], r[1]) for r in q("SELECT name, definition FROM labels ORDER BY position")]
    wanted_articles = None if article_ids is None else set(article_ids)
    wanted_names = None if annotators is None else set(annotators)
    data.annotators = {r[0]: bool(r[1]) for r in q("SELECT name, is_reviewer FROM annotators ORDER BY name")
                       if wanted_names is None or r[0] in wanted_names}
    for r in q("SELECT id, ext_id, title, source, url, lang, meta, text, content_hash, split_mode, imported_at "
               "FROM articles ORDER BY id"):
        if wanted_articles is None or r[0] in wanted_articles:
            data.articles[r[0]] = ArticleData(*r)
    for r in q('SELECT id, article_id, idx, start, "end", boilerplate FROM paragraphs ORDER BY article_id, idx'):
        if r[1] in data.articles:
            data.paragraphs[r[0]] = ParagraphData(*r)
    for r in q('SELECT a.id, a.uid, a.paragraph_id, n.name, a.layer, a.label, a.start, a."end", a.text, a.attrs, '
               "a.origin, a.entity, a.created_at, a.updated_at FROM annotations a "
               "JOIN annotators n ON n.id = a.annotator_id ORDER BY a.id"):
        if r[2] in data.paragraphs and r[3] in data.annotators:
            data.annotations.append(AnnotationData._make((*r[:9], _norm(r[9]), *r[10:])))
    kept = {a.id for a in data.annotations}
    data.links = [LinkData(*r) for r in q("SELECT source_id, kind, target_id, special, created_at FROM links "
                                           "ORDER BY id") if r[0] in kept]
    data.statuses = [StatusData(*r) for r in q(
        "SELECT s.paragraph_id, n.name, s.status, s.updated_at FROM paragraph_status s "
        "JOIN annotators n ON n.id = s.annotator_id ORDER BY s.paragraph_id, n.name")
        if r[0] in data.paragraphs and r[1] in data.annotators]
    return data


# -- writing ---------------------------------------------------------------------------------

def replace_labels(project: Project, labels: Sequence[tuple[str, str]]) -> None:
    """The project's labels become ``labels`` ((name, definition JSON), in order)."""
    project.conn.execute("DELETE FROM labels")
    project.conn.executemany("INSERT INTO labels (name, position, definition) VALUES (?, ?, ?)",
                             [(name, i, definition) for i, (name, definition) in enumerate(labels)])


def set_label_definition(project: Project, name: str, definition: str) -> None:
    project.conn.execute("UPDATE labels SET definition = ? WHERE name = ?", (definition, name))


def add_label(project: Project, name: str, definition: str) -> None:
    position = project.scalar("SELECT coalesce(max(position), -1) + 1 FROM labels")
    project.conn.execute("INSERT INTO labels (name, position, definition) VALUES (?, ?, ?)",
                         (name, position, definition))


def ensure_annotator(project: Project, name: str, is_reviewer: bool, created_at: str) -> tuple[int, bool]:
    """(id, whether anything changed): create the row, or raise its reviewer flag."""
    row = project.conn.execute("SELECT id, is_reviewer FROM annotators WHERE name = ?", (name,)).fetchone()
    if row is None:
        cur = project.conn.execute("INSERT INTO annotators (name, is_reviewer, created_at) VALUES (?, ?, ?)",
                                   (name, int(is_reviewer), created_at))
        assert cur.lastrowid is not None  # set by the INSERT just run
        return cur.lastrowid, True
    if is_reviewer and not row[1]:
        project.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE id = ?", (row[0],))
        return int(row[0]), True
    return int(row[0]), False


def copy_article(project: Project, art: ArticleData, paragraphs: Sequence[ParagraphData]) -> dict[int, int]:
    """Insert an article and its paragraphs as they are; returns source paragraph id -> new id."""
    cur = project.conn.execute(
        "INSERT INTO articles (ext_id, title, source, url, lang, meta, text, content_hash, split_mode, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", art[1:])
    article_id = cur.lastrowid
    out = {}
    for p in paragraphs:
        par = project.conn.execute(
            'INSERT INTO paragraphs (article_id, idx, start, "end", boilerplate) VALUES (?, ?, ?, ?, ?)',
            (article_id, p.idx, p.start, p.end, p.boilerplate))
        assert par.lastrowid is not None  # set by the INSERT just run
        out[p.id] = par.lastrowid
    return out


def insert_annotation(project: Project, ann: AnnotationData, paragraph_id: int, annotator_id: int) -> int:
    cur = project.conn.execute(
        'INSERT INTO annotations (uid, paragraph_id, annotator_id, layer, label, start, "end", text, attrs, '
        "origin, entity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ann.uid, paragraph_id, annotator_id, ann.layer, ann.label, ann.start, ann.end, ann.text, ann.attrs,
         ann.origin, ann.entity, ann.created_at, ann.updated_at))
    assert cur.lastrowid is not None  # set by the INSERT just run
    return cur.lastrowid


def insert_link(project: Project, source_id: int, kind: str, target_id: int | None, special: str | None,
                created_at: str) -> None:
    project.conn.execute("INSERT INTO links (source_id, kind, target_id, special, created_at) VALUES (?, ?, ?, ?, ?)",
                         (source_id, kind, target_id, special, created_at))


def insert_status(project: Project, paragraph_id: int, annotator_id: int, status: str, updated_at: str) -> None:
    project.conn.execute("INSERT INTO paragraph_status (paragraph_id, annotator_id, status, updated_at) "
                         "VALUES (?, ?, ?, ?)", (paragraph_id, annotator_id, status, updated_at))


def ids_by_uid(project: Project, uids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(uids), 500):
        chunk = list(uids[i:i + 500])
        out.update(project.conn.execute(
            f"SELECT uid, id FROM annotations WHERE uid IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    return out


def dump(project: Project) -> str:
    """Every row of the file as SQL text, for comparing a file before and after."""
    return "\n".join(project.conn.iterdump())


def meta(project: Project, key: str, value: Any) -> None:
    project.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                         "value = excluded.value", (key, json.dumps(value, ensure_ascii=False, sort_keys=True)))
