"""Versioned schema of a project file, applied with sqlite-utils ``Migrations``.

Migrations only ever go forward. ``SCHEMA_VERSION`` is written to
``PRAGMA user_version`` so a newer file is recognised before anything is read.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x43414E4E  # "CANN": marks a file as a corpus-annotator project
SCHEMA_VERSION = 2

migrations = Migrations("corpus-annotator")

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    ext_id TEXT NOT NULL UNIQUE,
    title TEXT,
    source TEXT,
    url TEXT,
    lang TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    split_mode TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX idx_articles_hash ON articles(content_hash);
CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    boilerplate TEXT,
    UNIQUE (article_id, idx),
    CHECK (0 <= start AND start < "end")
);
CREATE TABLE annotators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_reviewer INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    layer TEXT NOT NULL CHECK (layer IN ('entity', 'quote', 'cue', 'claim')),
    label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}',
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested', 'adjudicated')),
    entity TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX idx_annotations_par ON annotations(paragraph_id, annotator_id);
CREATE INDEX idx_annotations_ann ON annotations(annotator_id);
CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('speaker', 'claimant', 'cue')),
    target_id INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
    special TEXT CHECK (special IN ('unnamed', 'journalist')),
    created_at TEXT NOT NULL,
    UNIQUE (source_id, kind),
    CHECK ((target_id IS NULL) <> (special IS NULL))
);
CREATE INDEX idx_links_target ON links(target_id);
CREATE TABLE paragraph_status (
    paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    status TEXT NOT NULL CHECK (status IN ('todo', 'done', 'skipped')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (paragraph_id, annotator_id)
) WITHOUT ROWID;
CREATE INDEX idx_status_annotator ON paragraph_status(annotator_id, status);
CREATE TABLE labels (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    definition TEXT NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT,
    action TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _V1.split(";\n"):
        if statement.strip():
            db.conn.execute(statement)
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.conn.execute("PRAGMA user_version = 1")


_V2 = """
CREATE TABLE rejections (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    recommender TEXT,
    uid TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_rejections_annotator ON rejections(annotator_id, article_id);
"""


@migrations()
def m002_rejections(db: Database) -> None:
    """Rejected suggestions (text + label in an article, by whom, from which recommender): a suggestion the
    annotator deleted is not proposed there again, and ``annotator stats`` counts rejections per recommender."""
    for statement in _V2.split(";\n"):
        if statement.strip():
            db.conn.execute(statement)
    db.conn.execute("PRAGMA user_version = 2")


def known_migration_names() -> set[str]:
    return {m.name for m in migrations._migrations}
