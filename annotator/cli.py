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
    from annotator.core.offsets import OffsetUnit
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
@click.option("--format", "fmt", metavar="NAME",
              help="Read every file as this annotated format (native, spans, bio, doccano, ...; an unknown name "
                   "lists them) instead of recognising each file by its content and suffix.")
@click.option("--offsets", type=click.Choice(["utf16", "graphemes", "codepoints"]),
              help="doccano files: how their offsets count (default utf16, a doccano project's default; "
                   "graphemes for a project that counts grapheme clusters).")
def import_cmd(project: Path, paths: tuple[Path, ...], annotator_name: str | None, encoding: str | None,
               skip_bad: bool, as_suggestions: bool, fmt: str | None, offsets: OffsetUnit | None) -> None:
    """Import .txt / .jsonl files or folders into PROJECT (created if missing).

    A .txt file is one article: one paragraph per line, or blank-line-separated
    paragraphs when its lines are hard-wrapped. A .jsonl file holds one article
    per line with "id", "text" and optional "title", "url", "lang", "meta" --
    or annotated lines (a native or spans export, Prodigy-style tasks), whose
    annotations go to --annotator. Peer tools' files (doccano JSONL, ...) are
    recognised by their content and suffix, or named with --format; a line that
    carries labels no reader takes is refused, never imported as plain text.
    """
    from annotator.importing import import_files

    for line in import_files(project, paths, annotator=annotator_name, encoding=encoding, skip_bad=skip_bad,
                             as_suggestions=as_suggestions, progress=_progress, fmt=fmt, offsets=offsets):
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


def _ls_options(fmt: str, **given: str | None) -> tuple[tuple[str, str], ...]:
    """The labelstudio options given, as format options; one line if given with another format."""
    options = tuple((name, value) for name, value in given.items() if value is not None)
    if options and fmt != "labelstudio":
        names = ", ".join("--" + name.replace("_", "-") for name, _ in options)
        raise AnnotatorError(f"{names}: only with --format labelstudio")
    return options


def _offsets_option(fmt: str, offsets: str | None) -> tuple[tuple[str, str], ...]:
    """``--offsets`` as a format option; one line if given with a format that writes code points only."""
    if offsets is None:
        return ()
    if fmt != "doccano":
        raise AnnotatorError("--offsets: only with --format doccano (the other formats write code points)")
    return (("offsets", offsets),)


@main.command("export")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["native", "spans", "bio", "doccano", "labelstudio", "docbin",
                                                    "conll", "brat", "xmi", "webanno-tsv", "citron"]),
              default="native", show_default=True,
              help="native: lossless; spans: Prodigy/spaCy; bio: Hugging Face tokens; doccano; labelstudio: a .json "
                   "array of tasks and NAME.config.xml beside it; docbin: spaCy's .spacy for spacy train; conll: "
                   "CoNLL-2003 columns with offsets; brat, xmi (INCEpTION), webanno-tsv "
                   "(INCEpTION), citron: a folder OUT of files per article, with --unit article.")
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
@click.option("--ls-as", type=click.Choice(["predictions", "annotations"]),
              help="labelstudio: spans as predictions (default, pre-annotations) or as annotations.")
@click.option("--ls-from-name", metavar="NAME", help="labelstudio: the Labels control's name (default: label).")
@click.option("--ls-to-name", metavar="NAME", help="labelstudio: the Text object's name (default: text).")
@click.option("--offsets", type=click.Choice(["utf16", "graphemes", "codepoints"]),
              help="doccano: how offsets count; default utf16, what a doccano project counts unless 'count "
                   "grapheme clusters as one character' is on (then graphemes).")
def export_cmd(project: Path, out: Path | None, fmt: FormatName, annotator_name: str | None, gold: bool,
               status: StatusFilter, layer: LayerChoice | None, unit: UnitKind, split_spec: str | None, seed: int,
               jobs: int, force: bool, ls_as: str | None, ls_from_name: str | None, ls_to_name: str | None,
               offsets: str | None) -> None:
    """Export PROJECT as a JSONL corpus to OUT (a file or folder; default: exports/)."""
    from annotator.export import ExportOptions, export_corpus, parse_split
    from annotator.store.project import open_project

    opts = ExportOptions(format=fmt, annotator=annotator_name, gold=gold, status=status, layer=layer, unit=unit,
                         split=parse_split(split_spec) if split_spec else (), seed=seed, jobs=jobs, replace=force,
                         format_options=_ls_options(fmt, ls_as=ls_as, ls_from_name=ls_from_name,
                                                    ls_to_name=ls_to_name) + _offsets_option(fmt, offsets))
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


# -- annotator labels: the label schema of a project (the window's Project ▸ Labels…) ---------------------------
@main.group(cls=_Group)
def labels() -> None:
    """List or change PROJECT's labels; each change is one transaction, and none may lose an annotation.

    A label in use can be renamed (its annotations follow), recoloured, rekeyed, moved and retired
    (hidden from the window's label bar and keys, kept on its annotations); it cannot be deleted or
    change layer.
    """


def _edit_labels(project: Path, make: Callable[[], Any]) -> None:
    from annotator.services.labels import edit_schema
    from annotator.store.project import open_project
    from annotator.ui.actions import reserved_keys  # the table only: no Qt is loaded

    with open_project(project, create=False, upgrade=False) as proj:
        applied = edit_schema(proj, make(), None, reserved_keys())
    click.echo(f"{project}: {applied.summary}", err=True)


_PROJECT = click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@labels.command("list")
@_PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print the schema as JSON (the shape of labels.json).")
def labels_list(project: Path, as_json: bool) -> None:
    """The labels in order: name, layer, key, colour, annotations using it, retired or not."""
    from annotator.services.labels import label_uses, read_schema
    from annotator.store.project import open_project

    with open_project(project, create=False, upgrade=False) as proj:
        schema, uses = read_schema(proj), label_uses(proj)
    if as_json:
        click.echo(schema.to_json())
        return
    for lab in schema.labels:
        click.echo(f"{lab.name:<16} {lab.layer:<7} {lab.key or '-':<2} {lab.color}  {uses.get(lab.name, 0):>8}"
                   + ("  retired" if lab.retired else ""))


@labels.command("add")
@_PROJECT
@click.argument("name")
@click.option("--layer", required=True, type=click.Choice(["entity", "quote", "cue", "claim"]))
@click.option("--key", default="", help="One character (not one of the window's own keys).")
@click.option("--colour", "--color", "colour", default="#90be6d", show_default=True)
@click.option("--description", default="")
@click.option("--position", type=click.IntRange(min=1), help="Its place in the list, 1 = first (default: last).")
@click.option("--like", metavar="LABEL", help="Take LABEL's attributes and links (e.g. a quote label's speaker link).")
def labels_add(project: Path, name: str, layer: str, key: str, colour: str, description: str,
               position: int | None, like: str | None) -> None:
    """Add the label NAME."""
    from annotator.core.label_edits import AddLabel
    from annotator.core.labels import Label
    from annotator.services.labels import read_schema
    from annotator.store.project import open_project

    attributes: dict[str, tuple[str, ...]] = {}
    links: dict[str, tuple[str, ...]] = {}
    if like is not None:
        with open_project(project, create=False, upgrade=False) as proj:
            schema = read_schema(proj)
        if like not in schema:
            raise AnnotatorError(f"{project.name}: --like: unknown label {like!r}")
        attributes, links = dict(schema.get(like).attributes), dict(schema.get(like).links)
    _edit_labels(project, lambda: AddLabel(Label(name, layer, key, colour, description, attributes, links),
                                           None if position is None else position - 1))


@labels.command("rename")
@_PROJECT
@click.argument("name")
@click.argument("new_name")
def labels_rename(project: Path, name: str, new_name: str) -> None:
    """Rename NAME to NEW_NAME, on its annotations too (every annotator's)."""
    from annotator.core.label_edits import RenameLabel

    _edit_labels(project, lambda: RenameLabel(name, new_name))


@labels.command("colour")
@_PROJECT
@click.argument("name")
@click.argument("colour")
def labels_colour(project: Path, name: str, colour: str) -> None:
    """Give NAME the colour COLOUR (#a1b2c3)."""
    from annotator.core.label_edits import SetColour

    _edit_labels(project, lambda: SetColour(name, colour))


@labels.command("key")
@_PROJECT
@click.argument("name")
@click.argument("key")
def labels_key(project: Path, name: str, key: str) -> None:
    """Give NAME the key KEY ("" : no key). A key another label or a window command has is refused."""
    from annotator.core.label_edits import SetKey

    _edit_labels(project, lambda: SetKey(name, key))


@labels.command("move")
@_PROJECT
@click.argument("name")
@click.argument("position", type=click.IntRange(min=1))
def labels_move(project: Path, name: str, position: int) -> None:
    """Put NAME at place POSITION of the list (1 = first): the label bar's order."""
    from annotator.core.label_edits import MoveLabel

    _edit_labels(project, lambda: MoveLabel(name, position - 1))


@labels.command("retire")
@_PROJECT
@click.argument("name")
def labels_retire(project: Path, name: str) -> None:
    """Hide NAME from the label bar and the keys (its key is freed); its annotations keep it."""
    from annotator.core.label_edits import SetRetired

    _edit_labels(project, lambda: SetRetired(name, True))


@labels.command("restore")
@_PROJECT
@click.argument("name")
@click.option("--key", default="", help="The key it gets back (default: none).")
def labels_restore(project: Path, name: str, key: str) -> None:
    """Offer the retired label NAME again."""
    from annotator.core.label_edits import SetRetired

    _edit_labels(project, lambda: SetRetired(name, False, key))


@labels.command("layer")
@_PROJECT
@click.argument("name")
@click.argument("layer", type=click.Choice(["entity", "quote", "cue", "claim"]))
def labels_layer(project: Path, name: str, layer: str) -> None:
    """Move NAME to another layer (only while no annotation uses it)."""
    from annotator.core.label_edits import SetLayer

    _edit_labels(project, lambda: SetLayer(name, layer))


@labels.command("describe")
@_PROJECT
@click.argument("name")
@click.argument("description")
def labels_describe(project: Path, name: str, description: str) -> None:
    """Set NAME's description (the label bar's tooltip)."""
    from annotator.core.label_edits import SetDescription

    _edit_labels(project, lambda: SetDescription(name, description))


@labels.command("delete")
@_PROJECT
@click.argument("name")
def labels_delete(project: Path, name: str) -> None:
    """Delete NAME (only while no annotation uses it and no label links to it; else retire it)."""
    from annotator.core.label_edits import RemoveLabel

    _edit_labels(project, lambda: RemoveLabel(name))
