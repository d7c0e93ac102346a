"""A hard-wrapped article with CRLF line ends for the peer checks (brat, WebAnno TSV): line breaks *inside*
paragraphs, and spans across them (the peer corpus's paragraphs are single lines).

Added to a project built by :func:`tests.export.formats.peer_corpus.build`, for the same annotator.
"""

from __future__ import annotations

from pathlib import Path

from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project

WRAPPED_TEXT = (
    "Kapal nelayan baru tiba di pelabuhan Bitung\r\n"
    "pada Kamis pagi 🇮🇩 dengan muatan\r\n"
    "ikan tuna 🐟 sebanyak dua ton.\r\n"
    "\r\n"
    "“Kami senang sekali 👍🏽,” kata Budi\r\n"
    "Santoso dari Dinas Perikanan\r\n"
    "Kota Bitung 👨\u200d👩\u200d👧.\r\n"
)


def add_wrapped(project: Project, folder: Path, annotator: str = "ana") -> None:
    """Import ``bitung-wrapped`` and annotate it (spans across line breaks included); its paragraphs are done."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bitung-wrapped.txt").write_bytes(WRAPPED_TEXT.encode("utf-8"))
    import_paths(project, [folder / "bitung-wrapped.txt"])
    art = project.scalar("SELECT id FROM articles WHERE ext_id = 'bitung-wrapped'")
    pars = list(store.paragraphs(project, art))
    assert len(pars) == 2 and "\r\n" in pars[0].text, "the wrapped text must keep its line breaks in paragraphs"

    def mark(par: int, label: str, needle: str, attrs: dict | None = None) -> int:
        p = pars[par]
        pos = p.text.index(needle)
        return annotate.add_annotation(project, p.id, annotator, label, pos, pos + len(needle), attrs=attrs).id

    mark(0, "GPE", "Bitung")
    mark(0, "GPE", "🇮🇩")
    quote = mark(1, "QUOTE", "“Kami senang sekali 👍🏽,”", attrs={"kind": "direct"})
    cue = mark(1, "CUE", "kata")
    budi = mark(1, "PERSON", "Budi\r\nSantoso")  # over a line break: two fragments in brat
    mark(1, "ORG", "Dinas Perikanan\r\nKota Bitung")
    annotate.link(project, quote, "speaker", annotator, target_id=budi)
    annotate.link(project, quote, "cue", annotator, target_id=cue)
    for p in pars:
        annotate.set_status(project, p.id, annotator, "done")
    project.conn.commit()
