"""The ``ipwork`` command: thin click commands over the pipeline; data on stdout, talk on stderr."""
from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from collections import Counter
from contextlib import ExitStack, nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ipwork import __version__, parsers, pipeline
from ipwork.errors import EXIT_FAILED, EXIT_OK, IpworkError
from ipwork.readers import read_path
from ipwork.schema import Document, Record
from ipwork.writers import FORMATS, atomic_text_file, make_writer

_state = {"verbose": False}


def stderr_console() -> Console:
    """Rich output for people, on stderr; wide when stderr is a file, so tables stay whole."""
    return Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 160)


def _say_error(message: str) -> None:
    click.echo(f"ipwork: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipwork")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for unexpected errors.")
def cli(verbose: bool) -> None:
    """Parse Chinese IP work plans (工作要点, 推进计划, 行动计划) into one record per work item.

    \b
    Example:
      ipwork parse samples/2017_provincial_compilation.txt -f jsonl | jq .title
    """
    _state["verbose"] = verbose


def _report_table(rows: list[dict]) -> Table:
    table = Table(title="coverage", title_justify="left")
    for col in ("file", "layout", "plans", "items", "lines", "in items", "metadata", "unparsed", "warnings"):
        table.add_column(col, justify="left" if col in ("file", "layout") else "right")
    for r in rows:
        table.add_row(*(str(r[k]) for k in ("file", "layout", "plans", "items", "lines", "in_items",
                                            "metadata", "unparsed", "warnings")))
    return table


class Coverage:
    """Per-file counts for ``--report``, kept as documents stream past (not the documents)."""

    def __init__(self, name: str, nonblank: int):
        self.name, self.nonblank = name, nonblank
        self.layout, self.plans, self.items, self.warnings, self.unparsed = "-", 0, 0, 0, 0
        self.in_items: set[int] = set()
        self.metadata: set[int] = set()

    def add(self, doc: Document) -> None:
        self.layout, self.plans = doc.layout, self.plans + 1
        self.items += len(doc.items)
        self.in_items.update(n for item in doc.items for n in item.source.lines)
        self.metadata.update(m.line for m in doc.metadata_lines)
        self.unparsed += len(doc.unparsed)
        self.warnings += len(doc.warnings)

    def row(self) -> dict:
        return {"file": self.name, "layout": self.layout, "plans": self.plans, "items": self.items,
                "lines": self.nonblank, "in_items": len(self.in_items),
                "metadata": len(self.metadata - self.in_items), "unparsed": self.unparsed,
                "warnings": self.warnings}


def _parse_one(path: str, options: pipeline.Options, writer, report: list[dict]) -> int:
    """Parse one input into the writer, a document at a time; returns its warning count."""
    src = read_path(path, options.encoding)
    coverage = Coverage(path, len(src.nonblank()))
    for doc in pipeline.parse_source(src, options):
        writer.write(doc)
        coverage.add(doc)
    report.append(coverage.row())
    return coverage.warnings


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="json: documents with nested items; jsonl: one flat item a line; csv: one row an item.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically) instead of stdout.")
@click.option("-l", "--layout", help="Parse as this layout instead of detecting it (see 'ipwork layouts').")
@click.option("--encoding", help="Input encoding, if detection gets it wrong (gb18030, utf-16, big5…).")
@click.option("--bom", is_flag=True, help="Start CSV output with a UTF-8 BOM, for Excel.")
@click.option("--simplified", is_flag=True, help="Convert traditional characters to simplified in the output.")
@click.option("--strict", is_flag=True, help="Exit 1 when any document has warnings.")
@click.option("--report", is_flag=True, help="Show per-file coverage (items, metadata, unparsed lines) on stderr.")
def parse(files, fmt, output, layout, encoding, bom, simplified, strict, report) -> int:
    """Parse FILES (- for standard input) into work-item records.

    \b
    Examples:
      ipwork parse samples/2013_cnipa_work_points.txt
      ipwork parse samples/2017_provincial_compilation.txt -f jsonl | jq -r .departments[]
      ipwork parse plan.txt -f csv --bom -o plan.csv
      cat plan.txt | ipwork parse - --layout outline -f jsonl
    """
    if layout:
        parsers.get(layout)
    options = pipeline.Options(layout=layout, encoding=encoding, simplified=simplified)
    status, warned, rows = EXIT_OK, 0, []
    with ExitStack() as stack:
        out = stack.enter_context(atomic_text_file(output) if output else nullcontext(sys.stdout))
        writer = make_writer(fmt, out, bom)
        writer.begin()
        for path in files:
            try:
                warned += _parse_one(path, options, writer, rows)
            except IpworkError as e:
                _say_error(str(e))
                status = max(status, e.exit_code)
            out.flush()
        writer.end()
    if report:
        stderr_console().print(_report_table(rows))
    if strict and warned and status == EXIT_OK:
        _say_error(f"{warned} warning(s) and --strict given")
        status = EXIT_FAILED
    return status


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--all", "show_all", is_flag=True, help="Print every layout's score, not only the best.")
def detect(files, show_all) -> int:
    """Print the layout each FILE is recognised as, with its score (0..1), tab-separated.

    \b
    Example:
      ipwork detect samples/*.txt
    """
    status = EXIT_OK
    for path in files:
        try:
            src = read_path(path)
            ranked = parsers.scores(src)
            chosen = parsers.choose(src).name
        except IpworkError as e:
            _say_error(str(e))
            status = max(status, e.exit_code)
            continue
        for name, score in (ranked if show_all else [(chosen, dict(ranked)[chosen])]):
            click.echo(f"{path}\t{name}\t{score:.2f}")
    return status


@cli.command()
@click.option("--document", is_flag=True, help="Schema of a document (-f json) instead of a record (-f jsonl).")
def schema(document) -> None:
    """Print the JSON Schema of the records (one JSON Lines line), from the pydantic models.

    \b
    Example:
      ipwork schema > record.schema.json
    """
    model = Document if document else Record
    click.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))


@cli.command()
def layouts() -> None:
    """List the layouts ipwork knows, for --layout.

    \b
    Example:
      ipwork layouts
    """
    for name, layout in parsers.LAYOUTS.items():
        click.echo(f"{name}\t{layout.title}\t{layout.description}")


def _batch_progress(quiet: bool):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[items]} items, {task.fields[failed]} failed, {task.fields[rate]}"),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=stderr_console(), disable=quiet,
                    transient=False)


def _summary(outcomes, seconds: float) -> Table:
    table = Table(title=f"batch: {len(outcomes)} files in {seconds:.1f} s", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    status = Counter(o.status for o in outcomes)
    for name in ("done", "skipped", "failed"):
        table.add_row(f"files {name}", str(status.get(name, 0)))
    layouts = Counter()
    for o in outcomes:
        layouts.update(o.layouts)
    for layout, n in sorted(layouts.items()):
        table.add_row(f"items ({layout})", str(n))
    for o in outcomes:
        if o.status == "failed":
            table.add_row(f"[red]failed[/] {o.relative}", o.error or "")
    return table


@cli.command(name="batch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False), help="Folder for the outputs.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--glob", "globs", multiple=True, help="File name patterns to convert (repeatable). "
              "Default: *.txt *.pdf *.htm *.html *.text")
@click.option("--combined", type=click.Path(dir_okay=False), help="Also write every item into this .jsonl or .csv file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Redo every file, even those whose output is up to date.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that fails.")
@click.option("-l", "--layout", help="Parse every file as this layout.")
@click.option("--encoding", help="Input encoding for every file.")
@click.option("--bom", is_flag=True, help="UTF-8 BOM at the start of CSV outputs, for Excel.")
@click.option("--simplified", is_flag=True, help="Convert traditional characters to simplified in the output.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; failures still go to stderr.")
def batch_command(folder, outdir, fmt, globs, combined, jobs, force, fail_fast, layout, encoding, bom,
                  simplified, quiet) -> int:
    """Convert every document under FOLDER into OUTDIR, mirroring its sub-folders.

    Files are parsed in parallel; one bad file is reported and the rest are written.
    A manifest in OUTDIR lets a re-run skip inputs whose output is up to date.
    Exit 0 when every file succeeded, 1 when some failed.

    \b
    Example:
      ipwork batch compilations/ -o out/ --combined out/all.jsonl
    """
    from ipwork import batch as batching

    if layout:
        parsers.get(layout)
    settings = batching.Settings(fmt, pipeline.Options(layout=layout, encoding=encoding, simplified=simplified),
                                 bom, keep_records=bool(combined))
    patterns = tuple(globs) or batching.DEFAULT_GLOBS
    started = time.monotonic()
    with _batch_progress(quiet) as progress:
        task = progress.add_task("parsing", total=None, items=0, failed=0, rate="")
        counts = Counter()

        def on_plan(planned):
            progress.update(task, total=len(planned))

        def on_outcome(outcome):
            counts.update(items=outcome.items, failed=outcome.status == "failed", done=1)
            rate = f"{counts['done'] / max(1e-9, time.monotonic() - started):.1f} files/s"
            progress.update(task, advance=1, items=counts["items"], failed=counts["failed"], rate=rate)
            if outcome.status == "failed":
                progress.console.print(f"ipwork: error: {outcome.relative}: {outcome.error}", highlight=False)

        outcomes = batching.batch(Path(folder), Path(outdir), settings, patterns, jobs or os.cpu_count() or 1,
                                  force, fail_fast, combined, on_plan, on_outcome)
    if not quiet:
        stderr_console().print(_summary(outcomes, time.monotonic() - started))
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else EXIT_OK


def _terminate(signum, frame):
    raise KeyboardInterrupt  # so temporary files are removed as for Ctrl-C


def _run(argv: list[str] | None) -> int:
    try:
        return cli.main(args=argv, prog_name="ipwork", standalone_mode=False) or EXIT_OK
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say_error("interrupted")
        return 130
    except IpworkError as e:
        _say_error(str(e))
        return e.exit_code


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors, tracebacks only with -v, quiet on a closed pipe."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    except Exception as e:  # the last resort: never a traceback unless asked
        if _state["verbose"]:
            traceback.print_exc()
        _say_error(f"internal error: {type(e).__name__}: {e} (run with -v for the traceback)".splitlines()[0])
        code = EXIT_FAILED
    sys.exit(code)


def _quiet_broken_pipe() -> int:
    # The reader went away (| head): stop without a complaint, as cat does.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK

