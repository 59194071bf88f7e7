"""The ``ipwork`` command: thin click commands over the pipeline; data on stdout, talk on stderr.

Start-up matters (people run ipwork in loops): this module imports only click; each command
imports the parts it needs when it runs.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import Counter

import click

from ipwork import __version__
from ipwork.errors import EXIT_FAILED, EXIT_OK, IpworkError
from ipwork.formats import (COMBINED_FORMATS, FORMATS, OUTPUT_FORMATS, ROW_FORMATS, TEXT_FORMATS, extension,
                            extensions, format_of)

_state = {"verbose": False}


class _ReaderGone(Exception):
    """Standard output was closed by its reader (``| head``); not an OSError, so click lets it pass."""


class _Interrupted(Exception):
    """Ctrl-C, past click, which would print an empty line for it."""


class _Group(click.Group):
    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _Interrupted from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _ReaderGone from None
        except KeyboardInterrupt:
            raise _Interrupted from None


def stderr_console():
    """Rich output for people, on stderr; wide when stderr is a file, so tables stay whole."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)


def _say(message: str) -> None:
    click.echo(f"ipwork: {message}", err=True)


def _say_error(message: str) -> None:
    _say(f"error: {message}")


def _set_verbose(ctx, param, value) -> None:
    from ipwork.logs import quiet_libraries

    _state["verbose"] = _state["verbose"] or value
    quiet_libraries(_state["verbose"])


# Accepted before or after the command name: ``ipwork -v parse …`` and ``ipwork parse -v …``.
verbose_option = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbose,
                              help="Show tracebacks for unexpected errors, and library messages.")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipwork")
@verbose_option
def cli() -> None:
    """Parse Chinese IP work plans (工作要点, 推进计划, 行动计划) into one record per work item.

    \b
    Example:
      ipwork parse samples/2017_provincial_compilation.txt -f jsonl | jq .title
    """


def _report_table(rows: list[dict]):
    from rich.table import Table

    table = Table(title="coverage", title_justify="left")
    for col in ("file", "layout", "plans", "items", "lines", "in items", "metadata", "unparsed", "warnings"):
        table.add_column(col, justify="left" if col in ("file", "layout") else "right")
    for r in rows:
        table.add_row(*(str(r[k]) for k in ("file", "layout", "plans", "items", "lines", "in_items",
                                            "metadata", "unparsed", "warnings")))
    return table


class FileTally:
    """What one input gave, kept as its documents stream past (counts, not the documents)."""

    def __init__(self, name: str, nonblank: int):
        self.name, self.nonblank = name, nonblank
        self.layout, self.plans, self.items, self.unparsed = "-", 0, 0, 0
        self.in_items: set[int] = set()
        self.metadata: set[int] = set()
        self.warnings: list[tuple[int | None, str, str]] = []

    def add(self, doc) -> None:
        self.layout, self.plans = doc.layout, self.plans + 1
        self.items += len(doc.items)
        self.in_items.update(n for item in doc.items for n in item.source.lines)
        self.metadata.update(m.line for m in doc.metadata_lines)
        self.unparsed += len(doc.unparsed)
        self.warnings.extend((w.line, w.code, w.message) for w in doc.warnings)

    def row(self) -> dict:
        return {"file": self.name, "layout": self.layout, "plans": self.plans, "items": self.items,
                "lines": self.nonblank, "in_items": len(self.in_items),
                "metadata": len(self.metadata - self.in_items), "unparsed": self.unparsed,
                "warnings": len(self.warnings)}

    def warning_lines(self) -> list[str]:
        """``FILE:LINE: code: message``, as compilers print them."""
        return [f"{self.name}:{line}: {code}: {message}" if line else f"{self.name}: {code}: {message}"
                for line, code, message in self.warnings]

    def warning_summary(self) -> str:
        codes = Counter(code for _, code, _ in self.warnings)
        n = len(self.warnings)
        kinds = ", ".join(f"{code} {count}" for code, count in codes.most_common())
        return f"{self.name}: {n} warning{'s' if n != 1 else ''} ({kinds}); --warnings lists them"


def _parse_one(path: str, options, writer, corrections=None, fixed: dict | None = None) -> FileTally:
    """Parse one input into the writer, a document at a time, each corrected first when
    ``corrections`` are given (what became of each fix is added to ``fixed``)."""
    from ipwork import pipeline
    from ipwork.readers import read_path

    src = read_path(path, options.encoding, options.jobs)
    tally = FileTally(path, len(src.nonblank()))
    for doc in pipeline.parse_source(src, options):
        if corrections:
            doc, outcome = corrections.apply(doc, options.simplified)
            fixed.update(outcome)
        writer.write(doc)
        tally.add(doc)
    return tally


def _read_corrections(path: str | None):
    """``--corrections FILE``, read whole before anything is parsed: a bad fix stops the run."""
    if not path:
        return None
    from ipwork.corrections import read_corrections

    return read_corrections(path)


def _report_not_applied(corrections, fixed: dict) -> None:
    for line in corrections.not_applied(fixed) if corrections else ():
        _say(line)


corrections_option = click.option(
    "--corrections", "corrections_file", metavar="FILE",
    help="Apply a reviewer's corrections (JSON Lines, as 'ipwork review' saves them) to the records "
    "before writing; fixes whose item is gone are listed on stderr.")


def _show_warnings(tally: FileTally, listing: bool) -> None:
    """One summary line per file; with ``listing``, every warning as editors read them."""
    if not tally.warnings:
        return
    if not listing:
        _say(tally.warning_summary())
        return
    for line in tally.warning_lines():
        click.echo(line, err=True)


def _output_format(fmt: str | None, output: str | None) -> str:
    """-f, or else the format -o's extension names; an extension that contradicts -f is an error."""
    if output is not None and not output.strip():
        raise click.BadParameter("needs a file name (or - for standard output)", param_hint="-o")
    named = format_of(output) if output and output != "-" else None
    if fmt and named and fmt != named:
        raise click.BadParameter(f"{output!r} names a {named} file, but -f {fmt} was given", param_hint="-o")
    _refuse_standard_output(fmt or named, output)
    if fmt or named:
        return fmt or named
    if output and output != "-":
        raise click.BadParameter(f"cannot tell the format from {output!r}: give -f {', '.join(FORMATS)}",
                                 param_hint="-o")
    return "json"


def _refuse_standard_output(fmt: str | None, output: str | None) -> None:
    """A format no stream carries (a database, a binary workbook) needs ``-o FILE``."""
    entry = OUTPUT_FORMATS.get(fmt)
    if entry and not entry.stream and (not output or output == "-"):
        binary = " (binary, not for standard output)" if entry.binary and not entry.adds else ""
        raise click.BadParameter(f"-f {fmt} writes {entry.what}{binary}: give -o FILE{extension(fmt)}",
                                 param_hint="-o")


def _refuse_output_over_input(output: str | None, files) -> None:
    if not output or output == "-" or not os.path.exists(output):
        return
    for path in files:
        if path != "-" and os.path.exists(path) and os.path.samefile(path, output):
            raise click.BadParameter(f"{output!r} is also an input; it would be overwritten", param_hint="-o")


# What the user knows of the plans (from the folder they came in, the site): it wins over what
# the text says, which then gives a warning where it differs.
year_option = click.option("--year", type=click.IntRange(1949, 2100), metavar="YEAR",
                           help="The plans' year (year_from: user); wins over a printed one, with a warning.")
region_option = click.option("--region", metavar="REGION",
                             help="The plans' region (全国, 浙江省, 杭州市…; region_from: user); wins over a "
                             "printed one, with a warning. Agencies are qualified by it.")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="json: documents with nested items; jsonl: one flat item a line; csv: one row an item; "
              "sqlite: a database (-o FILE.db; documents already in it are replaced, others kept); xlsx: an Excel "
              "workbook of records, plans and warnings (-o FILE.xlsx). "
              "Default: from -o's extension (.json, .jsonl, .csv, .db, .xlsx), else json.")
@click.option("-o", "--output", help="Write here instead of stdout; an existing file is replaced only "
              "when the run succeeded and produced records.")
@click.option("-l", "--layout", help="Parse as this layout instead of detecting it (see 'ipwork layouts').")
@click.option("--encoding", help="Input encoding, if detection gets it wrong (gb18030, utf-16, big5…).")
@click.option("--bom", is_flag=True, help="Start CSV output with a UTF-8 BOM, for Excel.")
@click.option("--simplified", is_flag=True, help="Convert traditional characters to simplified in the output.")
@click.option("--warnings", "list_warnings", is_flag=True,
              help="List every warning as FILE:LINE: code: message (default: one summary line per file).")
@click.option("--strict", is_flag=True, help="List the warnings and exit 1 when there are any.")
@click.option("--report", is_flag=True, help="Show per-file coverage (items, metadata, unparsed lines) on stderr.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading a PDF's pages (default: CPUs); never changes the records.")
@year_option
@region_option
@corrections_option
@verbose_option
def parse(files, fmt, output, layout, encoding, bom, simplified, list_warnings, strict, report, jobs, year,
          region, corrections_file) -> int:
    """Parse FILES (- for standard input) into work-item records.

    \b
    Examples:
      ipwork parse samples/2013_cnipa_work_points.txt
      ipwork parse samples/2017_provincial_compilation.txt -f jsonl | jq -r .departments[]
      ipwork parse plan.txt -f csv --bom -o plan.csv
      ipwork parse samples/*.txt -o plans.db
      ipwork parse samples/*.txt -o plans.xlsx
      cat plan.txt | ipwork parse - --layout outline -f jsonl
      ipwork parse plan.txt --corrections plan.corrections.jsonl -f jsonl
    """
    from ipwork import parsers, pipeline
    from ipwork.output import open_destination
    from ipwork.writer import make_writer

    fmt = _output_format(fmt, output)
    _refuse_output_over_input(output, files)
    if layout:
        parsers.get(layout)
    corrections, fixed = _read_corrections(corrections_file), {}
    options = pipeline.Options(layout=layout, encoding=encoding, simplified=simplified, jobs=jobs or os.cpu_count() or 1,
                               year=year, region=region)
    status, warned, rows, warned_files = EXIT_OK, 0, [], []
    with open_destination(fmt, output) as out:
        writer = make_writer(fmt, out, bom)
        writer.begin()
        for path in files:
            try:
                tally = _parse_one(path, options, writer, corrections, fixed)
            except IpworkError as e:
                _say_error(str(e))
                status = max(status, e.exit_code)
                continue
            finally:
                out.flush()
            rows.append(tally.row())
            warned += len(tally.warnings)
            if tally.warnings:
                warned_files.append(path)
            _show_warnings(tally, list_warnings or strict)
        writer.end()
        for notice in writer.notices:
            _say(notice)
        refused = strict and warned
        out.keep = writer.items > 0 and not refused
    if output and output != "-" and not out.keep:
        why = "--strict and there were warnings" if refused else "nothing was parsed"
        _say(f"{output}: left as it was ({why})")
    _report_not_applied(corrections, fixed)
    if report:
        stderr_console().print(_report_table(rows))
    if strict and warned and status == EXIT_OK:
        _say_error(f"{', '.join(warned_files)}: {warned} warning{'s' if warned != 1 else ''} and --strict given")
        status = EXIT_FAILED
    return status


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", help="Write the page here (default: standard output); an existing file is "
              "replaced only when the run succeeded.")
@click.option("--corrections", "corrections_file", metavar="FILE",
              help="Start from these corrections: the page shows them and saves them with the new ones.")
@click.option("-l", "--layout", help="Parse as this layout instead of detecting it (see 'ipwork layouts').")
@click.option("--encoding", help="Input encoding, if detection gets it wrong (gb18030, utf-16, big5…).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading a PDF's pages (default: CPUs).")
@verbose_option
def review(files, output, corrections_file, layout, encoding, jobs) -> int:
    """Write one HTML page to check and correct what ipwork reads from FILES.

    The page shows each input's lines, every item's span highlighted and numbered, beside
    the records; items to look at are flagged (j/k or the arrow keys go from item to item,
    "needs a look" hides the rest). Edit a field, drop an item or set a plan's region or
    year, then "Save corrections" downloads a JSON Lines file for
    'ipwork parse --corrections'. The page needs no network and opens from disk.

    \b
    Example:
      ipwork review plan.pdf -o review.html
      ipwork parse plan.pdf --corrections plan.corrections.jsonl -f jsonl
    """
    from ipwork import parsers, pipeline
    from ipwork import review as reviewing
    from ipwork.output import open_output
    from ipwork.readers import read_path

    _refuse_output_over_input(output, files)
    if layout:
        parsers.get(layout)
    corrections = _read_corrections(corrections_file)
    options = pipeline.Options(layout=layout, encoding=encoding, jobs=jobs or os.cpu_count() or 1)
    status, reviewed = EXIT_OK, []
    for path in files:
        try:
            src = read_path(path, options.encoding, options.jobs)
            reviewed.append(reviewing.Reviewed(src, list(pipeline.parse_source(src, options))))
        except IpworkError as e:
            _say_error(str(e))
            status = max(status, e.exit_code)
    if not reviewed:
        return status
    data = reviewing.page_data(reviewed, corrections, reviewing.corrections_name(files, output))
    if data["kept"]:
        _say(f"{corrections_file}: {len(data['kept'])} corrections concern no item shown; the page saves them "
             "as they are")
    with open_output(output) as out:
        out.write(reviewing.render_page(data, ", ".join(files)))
        out.keep = True
    return status


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--all", "show_all", is_flag=True, help="Print every layout's score, not only the best.")
@verbose_option
def detect(files, show_all) -> int:
    """Print the layout each FILE is recognised as, with its score (0..1), tab-separated.

    \b
    Example:
      ipwork detect samples/*.txt
    """
    from ipwork import parsers
    from ipwork.readers import read_path

    status = EXIT_OK
    for path in files:
        try:
            src = read_path(path)
            ranked = parsers.scores(src)
            if not show_all:
                chosen = parsers.choose(src, ranked=ranked).name
                ranked = [(chosen, dict(ranked)[chosen])]
        except IpworkError as e:
            _say_error(str(e))
            status = max(status, e.exit_code)
            continue
        for name, score in ranked:
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
    import json

    from ipwork.schema import Document, Record

    model = Document if document else Record
    click.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))


@cli.command()
def layouts() -> None:
    """List the layouts ipwork knows, for --layout.

    \b
    Example:
      ipwork layouts
    """
    from ipwork import parsers

    for name, layout in parsers.LAYOUTS.items():
        click.echo(f"{name}\t{layout.title}\t{layout.description}")


RESULT_FORMATS = ("table", *ROW_FORMATS)


def _result_format(fmt: str | None, output: str | None) -> str:
    """-f, or the format -o's extension names, else a table for people."""
    named = format_of(output) if output and output != "-" else None
    if named and named not in RESULT_FORMATS:
        raise click.BadParameter(f"{output!r} names a {named} file; results are written as "
                                 f"{', '.join(RESULT_FORMATS)}", param_hint="-o")
    if fmt and named and fmt != named:
        raise click.BadParameter(f"{output!r} names a {named} file, but -f {fmt} was given", param_hint="-o")
    _refuse_standard_output(fmt or named, output)
    return fmt or named or "table"


def _open_result(fmt: str, output: str | None):
    """``-o`` of a result: a table for people is text; a format is opened as its entry says."""
    from ipwork.output import open_destination, open_output

    return open_output(output) if fmt == "table" else open_destination(fmt, output)


def _write_rows(writer, rows, columns: list[str], name: str) -> None:
    writer.write_rows(rows, columns, name)
    for notice in writer.notices:
        _say(notice)


def _table_console(out):
    """Rich output for people, on standard output or -o; as wide as the terminal, or wide in a file."""
    from rich.console import Console

    terminal = out.stream is sys.stdout and sys.stdout.isatty()
    return Console(file=out, highlight=False, force_terminal=terminal, width=None if terminal else 160)


def _inputs(paths, encoding: str | None):
    from ipwork import pipeline
    from ipwork.records import Inputs

    return Inputs(paths, pipeline.Options(encoding=encoding), on_error=lambda e: _say_error(str(e)))


def _read_status(inputs) -> int:
    if inputs.repeated:
        _say(f"{inputs.repeated} record{'s' if inputs.repeated != 1 else ''} met twice (same id) counted once")
    return inputs.exit_code


_RESULT_FORMAT_HELP = ("table: for people (default); jsonl: one JSON object a line; json: a JSON list; csv: "
                       "a header and one row a line (lists joined with ；); xlsx: an Excel sheet (-o FILE.xlsx). "
                       "Default: from -o's extension.")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--by", "by", multiple=True, metavar="FIELD",
              help="Group by region, year, department, section, layout or deadline; repeat (or separate "
              "with commas) for every combination, e.g. --by region --by year. Default: region.")
@click.option("--printed", is_flag=True, help="With --by department: the names as printed, not the canonical agencies.")
@click.option("--sort", type=click.Choice(("items", "name")), default="items", show_default=True,
              help="Most items first, or by the group's name (years in order).")
@click.option("--top", type=click.IntRange(min=1), help="Only the first N groups.")
@click.option("-f", "--format", "fmt", type=click.Choice(RESULT_FORMATS), default=None, help=_RESULT_FORMAT_HELP)
@click.option("-o", "--output", help="Write here instead of stdout (replaced only when the run gave a result).")
@click.option("--encoding", help="Input encoding of the plans, if detection gets it wrong.")
@click.option("--chart", metavar="FILE", help="Also draw the counts: bars (one --by) or a heat map (two), as .svg, "
              ".png or a self-contained .html (needs the charts extra: pip install 'ipwork[charts]').")
@verbose_option
def stats(inputs, by, printed, sort, top, fmt, output, encoding, chart) -> int:
    """Count work items per region, year, agency, section, layout or deadline.

    INPUTS are plans (parsed as they are read), ipwork outputs (.jsonl, .json, .db),
    folders holding either, or - for standard input. Each group gets its items, their
    share of all items, and the agencies its items name. An item naming several agencies
    counts once for each with --by department.

    \b
    Examples:
      ipwork stats samples/2017_provincial_compilation.txt --by department --top 15
      ipwork stats plans.db --by region --by year -f csv -o counts.csv
      ipwork parse plan.txt -f jsonl | ipwork stats - --by deadline --sort name
      ipwork stats samples/*.txt --by region --by year --chart regions.svg
    """
    from ipwork import stats as counting
    from ipwork.writer import make_writer

    fmt = _result_format(fmt, output)
    groups = tuple(b.strip() for value in by for b in value.split(",") if b.strip()) or ("region",)
    wrong = [b for b in groups if b not in counting.GROUPS]
    if wrong:
        raise click.BadParameter(f"{wrong[0]!r} is not one of {', '.join(counting.GROUPS)}", param_hint="--by")
    if printed and "department" not in groups:
        raise click.BadParameter("only counts with --by department", param_hint="--printed")
    if chart:
        _check_chart(chart, groups)
    _refuse_output_over_input(output, inputs)
    _refuse_output_over_input(chart, inputs)
    records = _inputs(inputs, encoding)
    tally = counting.Tally(groups, printed).add_all(records)
    status = _read_status(records)
    if not tally.total:
        if not records.errors:
            _say_error("no work items in the inputs")
        return max(status, EXIT_FAILED)
    rows = tally.rows(sort, top)
    with _open_result(fmt, output) as out:
        if fmt == "table":
            _table_console(out).print(counting.table(tally, rows))
        else:
            _write_rows(make_writer(fmt, out), rows, counting.columns(groups, printed), "stats")
        out.keep = True
    if chart:
        from ipwork.charts import write_chart

        for notice in write_chart(tally, sort, top, chart):
            _say(notice)
    return status


def _check_chart(path: str, groups: tuple[str, ...]) -> None:
    """A chart's file name and groupings, and matplotlib, checked before anything is counted."""
    from ipwork.charts import CHART_FORMATS, chart_format, require_matplotlib

    if not chart_format(path):
        *most, last = CHART_FORMATS
        raise click.BadParameter(f"{path!r}: a chart is written as {', '.join(most)} or {last}", param_hint="--chart")
    if len(set(groups)) > 2:
        raise click.BadParameter("draws one grouping (bars) or two (a heat map), not more", param_hint="--chart")
    require_matplotlib()


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--all", "show_all", is_flag=True, help="Also list the items that did not change.")
@click.option("-f", "--format", "fmt", type=click.Choice(RESULT_FORMATS), default=None, help=_RESULT_FORMAT_HELP)
@click.option("-o", "--output", help="Write here instead of stdout (replaced only when the run gave a result).")
@click.option("--encoding", help="Input encoding of the plans, if detection gets it wrong.")
@verbose_option
def diff(old, new, show_all, fmt, output, encoding) -> int:
    """What changed from OLD to NEW: items added, removed and changed.

    OLD and NEW are plans, ipwork outputs (.jsonl, .json, .db) or folders of them (a
    year's plans in each). Plans are paired by region (a single plan on each side is
    paired whatever its region, so two provinces' or two years' plans compare too), and
    their items aligned by the similarity of title and text: a changed item lists the
    fields that differ, with a character diff of its texts ([-removed-]{+added+}).
    Each pair of plans is summed up (unchanged, changed, added, removed): in the table's
    title, or on stderr with -f jsonl|json|csv.

    \b
    Examples:
      ipwork diff plans-2016/ plans-2017/
      ipwork diff old.jsonl new.jsonl -f jsonl | jq 'select(.change == "changed") | .fields'
    """
    from ipwork import diff as differ
    from ipwork.writer import make_writer

    fmt = _result_format(fmt, output)
    _refuse_output_over_input(output, (old, new))
    sides = [_inputs([path], encoding) for path in (old, new)]
    records = [list(side) for side in sides]
    status = max(_read_status(side) for side in sides)
    for path, found, side in zip((old, new), records, sides):
        if not found and not side.errors:
            _say_error(f"{path}: no work items")
            return EXIT_FAILED
    if not all(records):
        return max(status, EXIT_FAILED)
    with _open_result(fmt, output) as out:
        console = _table_console(out) if fmt == "table" else None
        rows = []
        for result in differ.diff(*records):
            shown = [c for c in result.changes if show_all or c.change != "unchanged"]
            if not console:
                _say(differ.summary(result))
            elif shown:
                console.print(differ.table(result, shown, styled=console.is_terminal))
            else:
                console.print(differ.summary(result), markup=False)
            rows.extend(shown)
        if not console:
            flat = OUTPUT_FORMATS[fmt].columns
            _write_rows(make_writer(fmt, out), map(differ.csv_row if flat else differ.Change.as_dict, rows),
                        differ.CSV_COLUMNS, "diff")
        out.keep = True
    return status


def _batch_progress(quiet: bool):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[items]} items, {task.fields[failed]} failed, {task.fields[rate]}"),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=stderr_console(),
                    disable=quiet or not sys.stderr.isatty(),  # a log file gets the summary, not frames
                    transient=False)


def _summary(outcomes, seconds: float, shown):
    from rich.table import Table

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
    if warned := sum(o.warnings for o in outcomes):
        table.add_row("warnings (parse a file with --warnings to list them)", str(warned))
    for o in outcomes:
        if o.status == "failed":
            table.add_row(f"[red]failed[/] {shown(o)}", o.error or "")
    return table


def _check_combined(ctx, param, value):
    if value and format_of(value) not in COMBINED_FORMATS:
        *most, last = extensions(*COMBINED_FORMATS)
        raise click.BadParameter(f"{value!r}: the combined file must end in {', '.join(most)} or {last}")
    return value


@cli.command(name="batch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--outdir", required=True, type=click.Path(), help="Folder for the outputs.")
@click.option("-f", "--format", "fmt", type=click.Choice(TEXT_FORMATS), default="jsonl", show_default=True,
              help="Format of each file's output (one database of everything: --combined all.db).")
@click.option("--glob", "globs", multiple=True, help="File name patterns to convert (repeatable). "
              "Default: text, PDF, web page, Word, WPS, RTF, OpenDocument and Excel files.")
@click.option("--combined", callback=_check_combined,
              help="Also write every item into this file (.jsonl, .csv, an .xlsx workbook, or a .db database: "
              "documents already in it are replaced, others kept).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Redo every file, even those whose output is up to date.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that fails.")
@click.option("-l", "--layout", help="Parse every file as this layout.")
@click.option("--encoding", help="Input encoding for every file.")
@click.option("--bom", is_flag=True, help="UTF-8 BOM at the start of CSV outputs, for Excel.")
@click.option("--simplified", is_flag=True, help="Convert traditional characters to simplified in the output.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; failures still go to stderr.")
@year_option
@region_option
@click.option("--metadata", "metadata_file", metavar="FILE.csv",
              help="The year and region of files, as the user knows them: a CSV with columns path (relative to "
              "FOLDER), region and year; each value wins over a printed one (with a warning where they differ).")
@corrections_option
@verbose_option
def batch_command(folder, outdir, fmt, globs, combined, jobs, force, fail_fast, layout, encoding, bom,
                  simplified, quiet, year, region, metadata_file, corrections_file) -> int:
    """Convert every document under FOLDER into OUTDIR, mirroring its sub-folders.

    Files are parsed in parallel; one bad file is reported and the rest are written.
    A manifest in OUTDIR lets a re-run skip inputs whose output is up to date.
    Exit 0 when every file succeeded, 1 when some failed.

    \b
    Example:
      ipwork batch compilations/ -o out/ --combined out/all.jsonl
    """
    import time
    from pathlib import Path

    from ipwork import batch as batching
    from ipwork import parsers, pipeline
    from ipwork.errors import InputError

    if layout:
        parsers.get(layout)
    corrections = _read_corrections(corrections_file)
    options = pipeline.Options(layout=layout, encoding=encoding, simplified=simplified, year=year, region=region)
    settings = batching.Settings(fmt, options, bom, keep_records=bool(combined), verbose=_state["verbose"],
                                 corrections=corrections)
    patterns = tuple(globs) or batching.DEFAULT_GLOBS

    def shown(outcome) -> str:
        """The input as the user would type its path, with the line a failure concerns."""
        path = os.path.join(folder, outcome.relative)
        return f"{path}:{outcome.line}" if outcome.line else path

    started = time.monotonic()
    planned = batching.plan_jobs(Path(folder), Path(outdir), patterns, fmt, combined)
    if not planned:
        raise InputError(f"no files match {' '.join(patterns)} (choose others with --glob)", file=folder)
    if metadata_file:
        from ipwork.metadata import read_metadata

        planned, unmatched = batching.with_metadata(planned, read_metadata(metadata_file))
        for row in unmatched:
            _say(f"{metadata_file}:{row.line}: no file of {folder} has this row's path; the row is not used")
    with _batch_progress(quiet) as progress:
        task = progress.add_task("parsing", total=len(planned), items=0, failed=0, rate="")
        counts = Counter()

        def on_outcome(outcome):
            counts.update(items=outcome.items, failed=outcome.status == "failed", done=1)
            rate = f"{counts['done'] / max(1e-9, time.monotonic() - started):.1f} files/s"
            progress.update(task, advance=1, items=counts["items"], failed=counts["failed"], rate=rate)
            if outcome.status == "failed":
                progress.console.print(f"ipwork: error: {shown(outcome)}: {outcome.error}", highlight=False,
                                       markup=False, soft_wrap=True)  # one line, however long

        outcomes = batching.batch(planned, Path(outdir), settings, jobs or os.cpu_count() or 1,
                                  force, fail_fast, combined, on_outcome)
    if not quiet:
        stderr_console().print(_summary(outcomes, time.monotonic() - started, shown))
    _report_not_applied(corrections, {line: why for o in outcomes for line, why in o.fixed.items()})
    if combined and format_of(combined) == "sqlite":
        from ipwork.database import full_text_available, no_full_text_notice

        if not full_text_available():
            _say(no_full_text_notice(combined))
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else EXIT_OK


_INTERRUPTED = "ipwork: error: interrupted\n"
_ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum, frame):
    """The first Ctrl-C (or SIGTERM, SIGHUP): unwind, so that temporary files are removed, workers
    killed and what was done recorded; one more ends the process at once."""
    for sig in _ENDING_SIGNALS:
        signal.signal(sig, _end_now)
    raise KeyboardInterrupt


def _interrupt_again(unraisable) -> None:
    """Python drops an exception raised in a finaliser (a ``__del__``, which the regex module's
    compiler has many of) after printing it: a Ctrl-C that came then is delivered again."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        import _thread
        import threading

        for sig in _ENDING_SIGNALS:
            signal.signal(sig, _interrupt)
        # From another thread, a moment later: a signal is handled at the main thread's next
        # instruction, which must be past the finaliser (this hook is one too).
        again = threading.Timer(0.02, _thread.interrupt_main)
        again.daemon = True
        again.start()
        return
    sys.__unraisablehook__(unraisable)


def _end_now(signum, frame):
    if not _state.get("said_interrupted"):
        os.write(2, _INTERRUPTED.encode())
    os._exit(130)


def _interrupted() -> int:
    if not _state.get("said_interrupted"):
        _state["said_interrupted"] = True
        click.echo(_INTERRUPTED, err=True, nl=False)
    return 130


def _run(argv: list[str] | None) -> int:
    try:
        return cli.main(args=argv, prog_name="ipwork", standalone_mode=False) or EXIT_OK
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.UsageError as e:
        if type(e).__name__ == "NoArgsIsHelpError":  # bare ``ipwork``: the help is the answer
            e.show()
            return e.exit_code
        command = e.ctx.command_path if e.ctx else "ipwork"
        _say_error(f"{e.format_message()} (see '{command} --help')".replace("\n", " "))
        return e.exit_code
    except click.ClickException as e:
        _say_error(e.format_message())
        return e.exit_code
    except click.exceptions.Abort:
        return _interrupted()
    except IpworkError as e:
        _say_error(str(e))
        return e.exit_code


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors, tracebacks only with -v, quiet on a closed pipe and on Ctrl-C."""
    try:
        code = _main(argv)
    except KeyboardInterrupt:  # a Ctrl-C that came while an error was being reported
        code = _interrupted()
    for sig in _ENDING_SIGNALS:  # while the interpreter shuts down: no traceback, at once
        signal.signal(sig, _end_now)
    if _state["said_interrupted"]:
        _exit_interrupted()
    sys.exit(code)


def _exit_interrupted() -> None:
    """Exit 130 now, what the run opened being closed already.  Not through the interpreter's
    shutdown: Python ends a process with SIGINT, whatever its exit code, when a KeyboardInterrupt
    once passed through code run by ``exec`` (dataclasses and namedtuples are made so), even
    when it was handled later."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(130)


def _main(argv: list[str] | None) -> int:
    _state.update(verbose=False, said_interrupted=False)
    try:
        sys.unraisablehook = _interrupt_again
        for sig in _ENDING_SIGNALS:
            signal.signal(sig, _interrupt)
        code = _run(argv)
        if sys.stdout is not None:
            sys.stdout.flush()
    except (KeyboardInterrupt, _Interrupted):
        code = _interrupted()
    except (_ReaderGone, BrokenPipeError):
        code = _quiet_broken_pipe()
    except Exception as e:  # the last resort: never a traceback unless asked
        if _state["verbose"]:
            import traceback

            traceback.print_exc()
        hint = "" if _state["verbose"] else " (run with -v for the traceback)"
        _say_error(f"internal error: {type(e).__name__}: {e}".splitlines()[0] + hint)
        code = EXIT_FAILED
    return code


def _quiet_broken_pipe() -> int:
    # The reader went away (| head): it has what it wanted, so this is no failure (exit 0),
    # and Python must not complain when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK

