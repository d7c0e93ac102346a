"""Bring annotators' work from several project files into one: ``annotator merge``.

The unit of work is one annotator's annotations (with their links) and status
on one paragraph. Articles are matched by content (the text's hash), else by
id; paragraphs by their offsets in the article. A unit already in the target
unchanged is skipped (annotation uids are the identity), so merging a file
twice changes nothing. A unit that differs between two files (sources or
target) is a conflict: the merge is refused with the conflicts listed and the
target is left exactly as it was (one transaction; a target created for the
merge is removed again).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import stat
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.label_merge import CombinedLabels, combine_labels
from annotator.errors import AnnotatorError, ProjectError
from annotator.store import merge_queries as mq
from annotator.store import staging
from annotator.store.labels_store import default_schema
from annotator.store.project import Project, now, open_project

log = logging.getLogger(__name__)

UnitKey = tuple[str, str, int, int]  # (annotator, article content hash, paragraph start, end)
MAX_LISTED = 5
RACE = "another program was writing; nothing was changed; run it again"


class MergeConflict(AnnotatorError):
    """Work that differs between files; nothing was merged."""

    def __init__(self, conflicts: Sequence[str]) -> None:
        self.conflicts = list(conflicts)
        listed = "; ".join(self.conflicts[:MAX_LISTED])
        more = f"; and {len(self.conflicts) - MAX_LISTED} more" if len(self.conflicts) > MAX_LISTED else ""
        super().__init__(f"nothing merged, {len(self.conflicts)} conflict(s): {listed}{more}")


@dataclass
class MergeSummary:
    sources: list[str] = field(default_factory=list)
    articles_added: int = 0
    annotators_added: int = 0
    reviewers_flagged: int = 0  # existing annotators marked reviewer, as in a source
    labels_added: int = 0
    units_added: int = 0  # (annotator, paragraph) pieces of work copied
    units_present: int = 0  # already in the target, unchanged
    annotations_added: int = 0
    links_added: int = 0
    statuses_added: int = 0
    label_notes: list[str] = field(default_factory=list)  # keys and colours changed by the schema rule

    @property
    def changed(self) -> bool:
        return bool(self.articles_added or self.annotators_added or self.reviewers_flagged or self.labels_added
                    or self.units_added or self.label_notes)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def lines(self) -> list[str]:
        return [(f"{self.units_added} annotator-paragraph(s) of work added ({self.annotations_added} annotation(s), "
                f"{self.links_added} link(s), {self.statuses_added} status(es)); {self.units_present} already there; "
                f"{self.articles_added} article(s), {self.annotators_added} annotator(s), "
                f"{self.labels_added} label(s) added from {len(self.sources)} file(s)"), *self.label_notes]


@dataclass
class _Unit:
    key: UnitKey
    data: mq.ProjectData
    annotations: list[mq.AnnotationData] = field(default_factory=list)
    status: mq.StatusData | None = None
    links: list[tuple[str, mq.LinkData, str | None]] = field(default_factory=list)  # (source uid, link, target uid)
    signature: Any = None


def _units(data: mq.ProjectData) -> dict[UnitKey, _Unit]:
    uid_of = {a.id: a.uid for a in data.annotations}
    links = defaultdict(list)
    for link in data.links:
        links[link.source_id].append(link)
    units: dict[UnitKey, _Unit] = {}

    def unit(annotator: str, paragraph_id: int) -> _Unit:
        par = data.paragraphs[paragraph_id]
        key = (annotator, data.articles[par.article_id].content_hash, par.start, par.end)
        return units.setdefault(key, _Unit(key, data))

    for ann in data.annotations:
        unit(ann.annotator, ann.paragraph_id).annotations.append(ann)
    for st in data.statuses:
        if st.status != "todo":
            unit(st.annotator, st.paragraph_id).status = st
    for u in units.values():
        u.links = [(a.uid, ln, None if ln.target_id is None else uid_of.get(ln.target_id, "?"))
                   for a in u.annotations for ln in links[a.id]]
        u.signature = (u.status.status if u.status else "todo",
                       frozenset((a.uid, a.layer, a.label, a.start, a.end, a.text, a.attrs, a.origin, a.entity)
                                 for a in u.annotations),
                       frozenset((suid, ln.kind, tuid, ln.special) for suid, ln, tuid in u.links))
    return units


class _Plan:
    """What a merge would do, worked out before a byte is written."""

    def __init__(self, target: mq.ProjectData, sources: Sequence[mq.ProjectData]) -> None:
        self.target = target
        self.sources = sources
        self.conflicts: list[str] = []
        self.articles: dict[str, tuple[mq.ProjectData, mq.ArticleData]] = {}  # hash -> article to copy
        self.units: dict[UnitKey, _Unit] = {}
        self.present = 0
        self._by_hash = {a.content_hash: a for a in target.articles.values()}
        self._by_ext = {a.ext_id: target.path for a in target.articles.values()}  # ext id -> file it is from
        self._ext_of = {a.content_hash: a.ext_id for d in (*sources, target) for a in d.articles.values()}
        for src in sources:
            self._match_articles(src)
        target_units = _units(target)
        owner = {a.uid: k for k, u in target_units.items() for a in u.annotations}
        for src in sources:
            for key, u in _units(src).items():
                self._add_unit(key, u, target_units, owner)
        self._check_links(owner)

    def _where(self, key: UnitKey) -> str:
        name, digest, start, end = key
        return f"{name} on article {self._ext_of.get(digest, digest[:10])!r} (paragraph at {start}-{end})"

    def _paragraphs(self, data: mq.ProjectData, article_id: int) -> set[tuple[int, int]]:
        return {(p.start, p.end) for p in data.paragraphs_of(article_id)}

    def _match_articles(self, src: mq.ProjectData) -> None:
        for art in src.articles.values():
            mine = self._paragraphs(src, art.id)
            if art.content_hash in self._by_hash:
                other, other_data = self._by_hash[art.content_hash], self.target
            elif art.content_hash in self.articles:
                other_data, other = self.articles[art.content_hash]
            else:
                where = self._by_ext.get(art.ext_id)
                if where is not None:
                    self.conflicts.append(f"article {art.ext_id!r} has a different text in {src.path} and {where}")
                    continue
                self.articles[art.content_hash] = (src, art)
                self._by_ext[art.ext_id] = src.path
                continue
            if mine != self._paragraphs(other_data, other.id):
                self.conflicts.append(f"article {art.ext_id!r} is split into paragraphs differently in "
                                      f"{src.path} and {other_data.path}")

    def _add_unit(self, key: UnitKey, u: _Unit, target_units: dict[UnitKey, _Unit],
                  owner: dict[str, UnitKey]) -> None:
        if key in self.units:
            if self.units[key].signature != u.signature:
                self.conflicts.append(f"{self._where(key)}: different work in {self.units[key].data.path} "
                                      f"and {u.data.path}")
            return
        if key in target_units:
            if target_units[key].signature != u.signature:
                self.conflicts.append(f"{self._where(key)}: different work in {u.data.path} and the target "
                                      f"{self.target.path}")
            else:
                self.present += 1
            return
        for ann in u.annotations:
            other = owner.setdefault(ann.uid, key)
            if other != key:
                self.conflicts.append(f"annotation {ann.uid} of {self._where(key)} in {u.data.path} is "
                                      f"elsewhere in another file ({self._where(other)})")
        self.units[key] = u

    def _check_links(self, owner: dict[str, UnitKey]) -> None:
        for u in self.units.values():
            for _suid, link, tuid in u.links:
                if tuid is not None and tuid not in owner:
                    self.conflicts.append(f"{self._where(u.key)}: a {link.kind} link in {u.data.path} points to "
                                          "an annotation that is not there")


def merge_into(target: Project, sources: Sequence[mq.ProjectData], *, replace_labels: bool = False,
               action: str = "merge", adopt_empty: bool = False, name: str | None = None) -> MergeSummary:
    """Merge read source data into an open target in one transaction (nothing on conflict).

    The target is read, checked against the sources and written inside one ``BEGIN IMMEDIATE``
    transaction, so no other program can commit in between. ``replace_labels``: the first source's
    labels replace the target's (a target made for this merge); ``adopt_empty``: the same when the
    target holds nothing yet but the default labels (one made by a merge that was killed).
    ``name``: how messages name the target (default: its path).
    """
    shown = name or str(target.path)
    with _races_reported(shown), target.write():
        tgt = mq.read_project(target)
        tgt.path = shown
        replace = bool(sources and sources[0].labels) and (replace_labels or (adopt_empty and _pristine(tgt)))
        labels = combine_labels([] if replace else tgt.labels, shown,
                                [(s.path, s.labels) for s in sources])
        plan = _Plan(tgt, sources)
        if labels.conflicts or plan.conflicts:
            raise MergeConflict(labels.conflicts + plan.conflicts)
        summary = MergeSummary(sources=[s.path for s in sources], units_present=plan.present)
        _write_labels(target, tgt, labels, replace, summary)
        names: dict[str, bool] = {}
        for src in sources:
            for who, rev in src.annotators.items():
                names[who] = names.get(who, False) or rev
        ann_ids = {}
        for who, rev in sorted(names.items()):
            existed = who in tgt.annotators
            ann_ids[who], changed = mq.ensure_annotator(target, who, rev, now())
            if changed:
                if existed:
                    summary.reviewers_flagged += 1
                else:
                    summary.annotators_added += 1
        par_ids = {(tgt.articles[p.article_id].content_hash, p.start, p.end): p.id for p in tgt.paragraphs.values()}
        for digest, (src, art) in plan.articles.items():
            pars = src.paragraphs_of(art.id)
            new = mq.copy_article(target, art, pars)
            par_ids.update({(digest, p.start, p.end): new[p.id] for p in pars})
            summary.articles_added += 1
        _write_units(target, plan, summary, ann_ids, par_ids)
        if summary.changed:
            target.log_event(action, None, summary.to_dict())
    log.info("%s: %s", action, summary.lines()[0])
    return summary


@contextmanager
def _races_reported(name: str) -> Iterator[None]:
    """A lock or constraint error means another program wrote at the same moment (the plan is made
    inside the write transaction, so a constraint can fail only if that guarantee broke): one line
    saying so, never "damaged"."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        log.info("constraint failed while merging into %s: %s", name, exc)
        raise ProjectError(f"{name}: {RACE}") from exc
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        log.info("lock while merging into %s: %s", name, exc)
        raise ProjectError(f"{name}: {RACE}") from exc


def _pristine(data: mq.ProjectData) -> bool:
    """Whether a project holds nothing but the default labels (what a killed merge or assign leaves)."""
    if data.articles or data.annotators:
        return False
    try:
        found = [json.loads(d) for _n, d in data.labels]
    except ValueError:
        return False
    return not found or found == [lab.to_dict() for lab in default_schema().labels]


def _write_labels(target: Project, tgt: mq.ProjectData, labels: CombinedLabels, replace: bool,
                  summary: MergeSummary) -> None:
    if replace:
        if labels.labels != tgt.labels:
            mq.replace_labels(target, labels.labels)
    else:
        for label_name, definition in labels.rewritten.items():
            mq.set_label_definition(target, label_name, definition)
        added = set(labels.added)
        for label_name, definition in labels.labels:
            if label_name in added:
                mq.add_label(target, label_name, definition)
    before = {n for n, _d in tgt.labels}
    summary.labels_added = sum(1 for n, _d in labels.labels if n not in before)
    summary.label_notes = list(labels.notes)
    for line in labels.differing:
        log.info("%s", line)


def _write_units(target: Project, plan: _Plan, summary: MergeSummary, ann_ids: dict[str, int],
                 par_ids: dict[tuple[str, int, int], int]) -> None:
    new_ids: dict[str, int] = {}
    for key, u in plan.units.items():
        name, digest, start, end = key
        pid = par_ids[(digest, start, end)]
        for ann in u.annotations:
            new_ids[ann.uid] = mq.insert_annotation(target, ann, pid, ann_ids[name])
            summary.annotations_added += 1
        if u.status is not None:
            mq.insert_status(target, pid, ann_ids[name], u.status.status, u.status.updated_at)
            summary.statuses_added += 1
        summary.units_added += 1
    links = [ln for u in plan.units.values() for ln in u.links]
    existing = mq.ids_by_uid(target, sorted({t for _s, _ln, t in links if t is not None and t not in new_ids}))
    for suid, link, tuid in links:
        target_id = None if tuid is None else new_ids.get(tuid, existing.get(tuid))
        mq.insert_link(target, new_ids[suid], link.kind, target_id, link.special, link.created_at)
        summary.links_added += 1


def read_sources(paths: Sequence[str | Path], target: str | Path | None = None) -> list[mq.ProjectData]:
    """Read every source file (read-only use); refuses the target itself as a source."""
    out = []
    target_real = Path(target).resolve() if target is not None else None
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise ProjectError(f"{path}: no such project file")
        if target_real is not None and path.resolve() == target_real:
            raise ProjectError(f"{path}: is the merge target; name it only once, as TARGET")
        with open_project(path, create=False, upgrade=False) as src:
            out.append(mq.read_project(src))
    return out


def _target_kind(target: Path) -> str:
    """"new" (no file), "empty" (an empty regular file) or "project"; anything else is refused."""
    try:
        st = target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise ProjectError(f"{target}: a link to a missing file; name the project file itself") from None
        return "new"
    except OSError as exc:
        raise ProjectError(f"{target}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ProjectError(f"{target}: is a folder, not a project file")
    if not stat.S_ISREG(st.st_mode):
        raise ProjectError(f"{target}: not a regular file, so not a project file")
    return "empty" if st.st_size == 0 and not target.is_symlink() else "project"


def _merge_new(target: Path, datas: Sequence[mq.ProjectData], *, replace: bool) -> MergeSummary:
    """Build the target under a hidden name beside it and put it in place when complete."""
    if not target.parent.is_dir():
        raise ProjectError(f"{target.parent}: no such folder")
    built = staging.staging_path(target)
    try:
        with open_project(built) as proj:
            summary = merge_into(proj, datas, replace_labels=True, name=str(target))
            staging.seal(proj)
        staging.publish(built, target, replace=replace)
    except BaseException:
        staging.discard(built)
        raise
    return summary


def merge_files(target: str | Path, sources: Sequence[str | Path]) -> MergeSummary:
    """``annotator merge TARGET SOURCE...``.

    A missing TARGET is built under a hidden temporary name beside it and appears under its name
    only when complete; a failure or a kill leaves no file under the name (what a kill left is
    removed by the next run). An existing TARGET is changed in one transaction, or not at all; one
    that holds nothing but the default labels (left by a killed merge of an older version) is
    treated as new.
    """
    if not sources:
        raise AnnotatorError("name at least one source project file")
    target = Path(target)
    staging.remove_stale(target)
    datas = read_sources(sources, target)
    kind = _target_kind(target)
    with _races_reported(str(target)):
        if kind == "project":
            with open_project(target) as proj:
                return merge_into(proj, datas, adopt_empty=True)
        return _merge_new(target, datas, replace=kind == "empty")
