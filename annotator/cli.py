"""Command-line interface: thin click commands over the services.

Errors the user can act on arrive as :class:`AnnotatorError` and are printed
as one line on stderr with exit status 1; nothing here imports Qt except the
``gui`` and ``demo`` commands, when run.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator import __version__
from annotator.errors import AnnotatorError, one_line

if TYPE_CHECKING:  # annotations only: the export package is imported by the export command, when run
    from annotator.export import FormatName, LayerChoice, StatusFilter, UnitKind

log = logging.getLogger("annotator")


class _Group(click.Group):
    """Turns expected errors into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except OSError as exc:
            name = f"{one_line(str(exc.filename))}: " if exc.filename else ""
            click.echo(f"error: {name}{one_line(str(exc.strerror or exc))}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was half-written", err=True)
            ctx.exit(130)
        except (sqlite3.IntegrityError, sqlite3.OperationalError) as exc:  # a race, not damage
            if isinstance(exc, sqlite3.OperationalError) and "locked" not in str(exc) and "busy" not in str(exc):
                click.echo(f"error: the project file is damaged or unreadable ({_one_line(exc)})", err=True)
            else:
                log.info("race: %s", exc)
                click.echo("error: another program was writing; nothing was changed; run it again", err=True)
            ctx.exit(1)
        except sqlite3.DatabaseError as exc:  # damage SQLite finds only while reading rows
            click.echo(f"error: the project file is damaged or unreadable ({_one_line(exc)})", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            log.debug("unexpected error", exc_info=True)
            click.echo(f"error: unexpected {type(exc).__name__}: {_one_line(exc)} (run with -v for details; "
                       "please report it)", err=True)
            if logging.getLogger().isEnabledFor(logging.INFO):
                log.error("traceback", exc_info=True)
            ctx.exit(2)


def _one_line(exc: BaseException) -> str:
    return one_line(" ".join(str(exc).split())) or type(exc).__name__


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="annotator")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")
def main(verbose: bool) -> None:
    """corpus-annotator: label news text, export JSONL training corpora."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def _progress(label: str) -> tuple[Callable[[int, int, str], None], Callable[[], None]]:
    """A progress callback drawing a bar on stderr once work runs long, and its closer."""
    state: dict[str, Any] = {"bar": None}

    def update(done: int, total: int, current: str) -> None:
        if state["bar"] is None:
            if total < 20 or not sys.stderr.isatty():  # scripts and logs get the summary only
                return
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    return update, close


def _print_report(data: dict[str, Any], as_json: bool, as_lines: Callable[[dict[str, Any]], list[str]]) -> None:
    """One JSON object (``--json``), or the report as text lines."""
    click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True) if as_json else "\n".join(as_lines(data)))


@main.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--annotator", "annotator_name",
              help="Who imports; for annotated JSONL, whose annotations they become.")
@click.option("--encoding", help="Encoding of the input files (default UTF-8).")
@click.option("--skip-bad", is_flag=True, help="Import what is good; list bad files and JSONL lines.")
@click.option("--as-suggestions", is_flag=True,
              help="Annotated JSONL: import the spans as suggestions to accept or reject.")
def import_cmd(project: Path, paths: tuple[Path, ...], annotator_name: str | None, encoding: str | None,
               skip_bad: bool, as_suggestions: bool) -> None:
    """Import .txt / .jsonl files or folders into PROJECT (created if missing).

    A .txt file is one article: one paragraph per line, or blank-line-separated
    paragraphs when its lines are hard-wrapped. A .jsonl file holds one article
    per line with "id", "text" and optional "title", "url", "lang", "meta" --
    or annotated lines (a native or spans export, Prodigy-style tasks), whose
    annotations go to --annotator.
    """
    from annotator.importing import import_files

    for line in import_files(project, paths, annotator=annotator_name, encoding=encoding, skip_bad=skip_bad,
                             as_suggestions=as_suggestions, progress=_progress):
        click.echo(line, err=True)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(project: Path, as_json: bool) -> None:
    """Articles, paragraphs, annotations per label and annotator, progress."""
    from annotator.services.stats import format_stats, project_stats
    from annotator.store.project import open_project

    with open_project(project, create=False, upgrade=False) as proj:
        data = project_stats(proj)
    _print_report(data, as_json, format_stats)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotator", "annotator_name", required=True, help="Whose paragraphs get the suggestions.")
@click.option("--recommenders", "names", metavar="A,B,...",
              help="Which recommenders, e.g. quotes,memory,places,model (default: every available one).")
@click.option("--status", type=click.Choice(["todo", "all"]), default="todo", show_default=True,
              help="Paragraphs not yet done or skipped, or every paragraph.")
@click.option("--model", "model", metavar="PATH_OR_PACKAGE",
              help="A spaCy pipeline (folder or installed package) as the model recommender, instead of the "
                   "project's trained model (PROJECT.model, made by `annotator train`).")
@click.option("--cues", "cues", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.json",
              help="The project's own cue lexicon (the shape of annotator/resources/cues.json; with \"extend\": true "
                   "it adds to the bundled lists); kept in the project for later runs and the window.")
@click.option("--bundled-cues", is_flag=True, help="Go back to the bundled cue lexicon.")
def suggest(project: Path, annotator_name: str, names: str | None, status: str, model: str | None,
            cues: Path | None, bundled_cues: bool) -> None:
    """Store suggestions (origin "suggested") for ANNOTATOR's paragraphs in PROJECT, in one go.

    Running it again adds nothing twice; manual, imported and adjudicated annotations are never
    changed; a failure leaves the project as it was. Accept or reject them in the window. The
    project's trained model is one of the recommenders when there is one (and spaCy).
    """
    from annotator.services.suggest import set_cue_lexicon, suggest_project
    from annotator.store.project import open_project

    wanted = [n.strip() for n in names.split(",") if n.strip()] if names is not None else None
    update, close = _progress("suggesting")
    with open_project(project, create=False) as proj:
        if cues is not None or bundled_cues:
            set_cue_lexicon(proj, cues)
        try:
            summary = suggest_project(proj, annotator_name, wanted, "all" if status == "all" else "todo",
                                      progress=update, model=model)
        finally:
            close()
    for line in summary.lines():
        click.echo(line, err=True)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def migrate(project: Path) -> None:
    """Upgrade PROJECT to this version's schema."""
    from annotator.store.project import open_project

    with open_project(project, create=False, upgrade=True):
        pass
    click.echo(f"{project}: up to date", err=True)


def _check_platform() -> None:
    """Before Qt starts: the system libraries its window needs, and a display (one line each, exit 1)."""
    from annotator.ui.platform_check import platform_problems

    problems = platform_problems()
    if problems:
        click.echo("\n".join(problems), err=True)
        sys.exit(1)


@main.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--annotator", "annotator_name", help="Annotator name (overrides the remembered one).")
@click.option("--review", is_flag=True, help="Review mode: adjudicate the annotators' work into gold.")
def gui(project: Path | None, annotator_name: str | None, review: bool) -> None:
    """Open the annotation window (on PROJECT, or the last project used)."""
    _check_platform()
    from annotator.ui.app import run_gui

    sys.exit(run_gui(project, annotator_name, review))


@main.command()
@click.option("--annotator", "annotator_name", help="Annotator name (overrides the remembered one).")
def demo(annotator_name: str | None) -> None:
    """Open the demo project (created in the user data folder on first use)."""
    _check_platform()
    from annotator.services.demo import ensure_demo
    from annotator.ui.app import run_gui

    sys.exit(run_gui(ensure_demo(), annotator_name))


@main.command("export")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["native", "spans", "bio", "doccano"]), default="native",
              show_default=True, help="native: lossless; spans: Prodigy/spaCy; bio: Hugging Face tokens; doccano.")
@click.option("--annotator", "annotator_name", help="Whose annotations (default: the only annotator).")
@click.option("--gold", is_flag=True, help="The adjudicated annotations instead of one annotator's.")
@click.option("--status", type=click.Choice(["done", "any"]), default="done", show_default=True,
              help="Only paragraphs marked done, or every paragraph.")
@click.option("--layer", type=click.Choice(["entity", "quote", "claim", "all"]),
              help="Which layers (quote includes cues). Default: entity for bio, all otherwise.")
@click.option("--unit", type=click.Choice(["paragraph", "article"]), default="paragraph", show_default=True,
              help="One line per paragraph or per article.")
@click.option("--split", "split_spec", metavar="NAME=FRAC,...",
              help="Split whole articles into files, e.g. train=0.8,dev=0.1,test=0.1.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --split shuffle.")
@click.option("--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Processes to use; 0: one per core (up to 4) for a large export, 1: this process only.")
@click.option("--force", is_flag=True,
              help="Replace existing output files (never the project, an SQLite file or an input).")
def export_cmd(project: Path, out: Path | None, fmt: FormatName, annotator_name: str | None, gold: bool,
               status: StatusFilter, layer: LayerChoice | None, unit: UnitKind, split_spec: str | None, seed: int,
               jobs: int, force: bool) -> None:
    """Export PROJECT as a JSONL corpus to OUT (a file or folder; default: exports/)."""
    from annotator.export import ExportOptions, export_corpus, parse_split
    from annotator.store.project import open_project

    opts = ExportOptions(format=fmt, annotator=annotator_name, gold=gold, status=status, layer=layer, unit=unit,
                         split=parse_split(split_spec) if split_spec else (), seed=seed, jobs=jobs, replace=force)
    update, close = _progress("exporting")
    with open_project(project, create=False, upgrade=False) as proj:
        try:
            summary = export_corpus(proj, opts, out, progress=update)
        finally:
            close()
    for line in summary.lines():
        click.echo(line, err=True)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotator", "annotator_name", help="Learn from this annotator's done paragraphs.")
@click.option("--gold", is_flag=True, help="Learn from the adjudicated annotations instead.")
@click.option("--layers", default="entity,quote,cue", show_default=True, metavar="entity,quote,cue",
              help="Which layers to learn (entities; quotes and cues).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the model (default: PROJECT.model beside the project).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the held-out split and training.")
@click.option("--epochs", type=click.IntRange(1, 100), default=8, show_default=True, help="Passes over the data.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def train(project: Path, annotator_name: str | None, gold: bool, layers: str, out: Path | None, seed: int,
          epochs: int, as_json: bool) -> None:
    """Train a spaCy model (CPU, blank language) on PROJECT's done paragraphs for the model recommender.

    A seeded 20 % of the paragraphs is held out: precision, recall and F1 per label, and a learning
    curve (25/50/75/100 % of the rest). Needs the [ml] extra (spaCy).
    """
    from annotator.ml.data import parse_layers
    from annotator.ml.train import train_model
    from annotator.store.project import open_project

    if gold == (annotator_name is not None):
        raise AnnotatorError("give --annotator NAME or --gold (one of them)")
    update, close = _progress("training")
    with open_project(project, create=False, upgrade=False) as proj:
        try:
            report = train_model(proj, annotator_name, gold, parse_layers(layers), out, seed, update, epochs=epochs)
        finally:
            close()
    _print_report(report.to_dict(), as_json, lambda _d: report.lines())


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def merge(target: Path, sources: tuple[Path, ...]) -> None:
    """Bring every annotator's work in SOURCES into TARGET (created if missing).

    Articles are matched by text, else by id; work already in TARGET is skipped,
    so merging a file twice changes nothing. Work of one annotator on one
    paragraph that differs between files is reported and nothing is merged.
    """
    from annotator.services.merge import merge_files

    summary = merge_files(target, sources)
    for line in summary.lines():
        click.echo(line, err=True)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotators", "names", required=True, metavar="A,B,...", help="Who gets a share.")
@click.option("--overlap", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="Share of articles seen by several annotators.")
@click.option("--per-overlap", type=click.IntRange(2), default=2, show_default=True,
              help="How many annotators see each overlap article.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the per-annotator project files.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the shuffle.")
def assign(project: Path, names: str, overlap: float, per_overlap: int, out_dir: Path, seed: int) -> None:
    """Write one project file per annotator holding their share of PROJECT's articles."""
    from annotator.services.assign import assign_files

    summary = assign_files(project, names.split(","), out_dir, overlap=overlap, per_overlap=per_overlap, seed=seed)
    for line in summary.lines():
        click.echo(line, err=True)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotators", "names", metavar="A,B,...",
              help="Whom to compare (default: every annotator, not reviewer, who marked paragraphs done).")
@click.option("--layer", type=click.Choice(["entity", "quote", "claim", "cue", "all"]), default="all",
              show_default=True, help="Spans compared; tokens take entity labels with 'all'.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def agreement(project: Path, names: str | None, layer: str, as_json: bool) -> None:
    """Inter-annotator agreement over the paragraphs each pair marked done."""
    from annotator.services.agreement import format_agreement, project_agreement
    from annotator.store.project import open_project

    with open_project(project, create=False, upgrade=False) as proj:
        data = project_agreement(proj, names.split(",") if names else None, layer)
    _print_report(data, as_json, format_agreement)


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST if it exists.")
def backup(project: Path, dest: Path, force: bool) -> None:
    """Copy PROJECT to DEST (a file, or a folder for a time-stamped copy), also while it is in use.

    The copy is one consistent moment of the project (SQLite's online backup),
    checked, and appears under its name only when complete.
    """
    from annotator.services.backup import backup_project

    out = backup_project(project, dest, overwrite=force)
    click.echo(f"{project}: backed up to {out}", err=True)


@main.command("install-desktop")
@click.option("--uninstall", is_flag=True, help="Remove what install-desktop wrote.")
def install_desktop_cmd(uninstall: bool) -> None:
    """Put corpus-annotator in the desktop's applications menu (this user only).

    Writes a Desktop Entry that opens project files given to it, an icon, and a MIME type that
    recognises project files by their content, under $XDG_DATA_HOME (~/.local/share).
    """
    from annotator.services.desktop import install_desktop, uninstall_desktop

    done = uninstall_desktop() if uninstall else install_desktop()
    verb = "removed" if uninstall else "written"
    click.echo(f"{len(done.files)} file(s) {verb}" + "".join(f"\n  {line}" for line in done.lines()), err=True)
