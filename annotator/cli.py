"""Command-line interface: thin click commands over the services.

Errors the user can act on arrive as :class:`AnnotatorError` and are printed
as one line on stderr with exit status 1; nothing here imports Qt except the
``gui`` and ``demo`` commands, when run.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.errors import AnnotatorError

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
            name = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was half-written", err=True)
            ctx.exit(130)


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
            if total < 20:
                return
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    return update, close


@main.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--annotator", "annotator_name", help="Who imports (recorded in the event log).")
@click.option("--encoding", help="Encoding of the input files (default UTF-8).")
@click.option("--skip-bad", is_flag=True, help="Import what is good; list bad files and JSONL lines.")
def import_cmd(project: Path, paths: tuple[Path, ...], annotator_name: str | None, encoding: str | None,
               skip_bad: bool) -> None:
    """Import .txt / .jsonl files or folders into PROJECT (created if missing).

    A .txt file is one article: one paragraph per line, or blank-line-separated
    paragraphs when its lines are hard-wrapped. A .jsonl file holds one article
    per line with "id", "text" and optional "title", "url", "lang", "meta".
    """
    from annotator.services.importing import expand_paths, import_paths
    from annotator.store.project import open_project

    expand_paths(paths)  # a missing input fails before the project file is created
    update, close = _progress("importing")
    with open_project(project) as proj:
        try:
            summary = import_paths(proj, paths, annotator=annotator_name, encoding=encoding,
                                   skip_bad=skip_bad, progress=update)
        finally:
            close()
    for line in summary.lines():
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
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
    else:
        click.echo("\n".join(format_stats(data)))


@main.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def migrate(project: Path) -> None:
    """Upgrade PROJECT to this version's schema."""
    from annotator.store.project import open_project

    with open_project(project, create=False, upgrade=True):
        pass
    click.echo(f"{project}: up to date", err=True)


@main.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--annotator", "annotator_name", help="Annotator name (overrides the remembered one).")
def gui(project: Path | None, annotator_name: str | None) -> None:
    """Open the annotation window (on PROJECT, or the last project used)."""
    from annotator.ui.app import run_gui

    sys.exit(run_gui(project, annotator_name))


@main.command()
@click.option("--annotator", "annotator_name", help="Annotator name (overrides the remembered one).")
def demo(annotator_name: str | None) -> None:
    """Open the demo project (created in the user data folder on first use)."""
    from annotator.services.demo import ensure_demo
    from annotator.ui.app import run_gui

    sys.exit(run_gui(ensure_demo(), annotator_name))
