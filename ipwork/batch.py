"""``ipwork batch``: a folder of documents to a folder of outputs, in parallel, resumable.

Each input is parsed in a worker process and written atomically under OUTDIR, mirroring the
input folders; one bad file is reported and the rest go on (beangulp's per-file error trap).
A manifest in OUTDIR records the content hash each output was made from, so a re-run skips
what is up to date.  Results and their order never depend on the number of workers.
"""
from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ipwork import __version__
from ipwork.corrections import Corrections
from ipwork.errors import IpworkError, OutputError
from ipwork.metadata import FileMeta, relative_key
from ipwork.formats import TEXT_FORMATS, extension, extensions, format_of
from ipwork.output import open_destination, replace_file
from ipwork.pipeline import Options, parse_file
from ipwork.readers import READABLE_EXTENSIONS, unreadable
from ipwork.schema import Notice, Record
from ipwork.workers import worker_pool
from ipwork.writer import make_writer

MANIFEST = ".ipwork-manifest.json"
DEFAULT_GLOBS = tuple(f"*{ext}" for ext in READABLE_EXTENSIONS)
# Hidden files, and the lock files Word and WPS leave beside an open document (~$plan.docx).
_NOT_DOCUMENTS = (".", "~$")


@dataclass(frozen=True)
class Job:
    source: str
    relative: str
    output: str
    digest: str = ""
    size: int = 0
    problem: str | None = None  # why the entry is not converted (a FIFO, a dangling link…), or None
    year: int | None = None  # the file's year and region as the user knows them (batch --metadata)
    region: str | None = None

    def options(self, options: Options) -> Options:
        """The run's options, with what the user knows of this file."""
        if self.year is None and self.region is None:
            return options
        return replace(options, year=self.year or options.year, region=self.region or options.region)


@dataclass
class Outcome:
    relative: str
    output: str
    status: str  # "done", "skipped" or "failed"
    items: int = 0
    layouts: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    error: str | None = None
    line: int | None = None  # the input's line the error concerns
    size: int = 0
    records: list[dict] | None = None
    # Why the output could not be written (a read-only folder, a full disk), naming it: every
    # other output would fail the same way, so the batch stops with this one line.
    output_error: str | None = None
    notices: list[dict] | None = None  # the warnings, with the records, for a combined file that lists them
    fixed: dict[int, str | None] = field(default_factory=dict)  # corrections: line -> None (applied) or why not


def discover(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    """Entries under ``root`` matching any pattern, in a stable order; a folder that cannot be
    listed is one too, so that it is reported rather than silently left out."""
    found = []

    def unlisted(error: OSError) -> None:
        found.append(Path(error.filename))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(_NOT_DOCUMENTS) and any(fnmatch.fnmatch(name.lower(), p.lower()) for p in patterns):
                found.append(Path(dirpath) / name)
    return found


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fp:
        for block in iter(lambda: fp.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
            (stat.S_ISSOCK, "a socket"))


def inspect_entry(path: Path) -> tuple[str, int, str | None]:
    """``(digest, size, None)`` for a readable file, else ``("", 0, why it is not converted)``.

    Reading a FIFO or a device could block for ever, so only regular files are opened.
    """
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            os.listdir(path)  # listed by now, or this raises the reason it was not
        kind = next((what for test, what in _SPECIAL if test(mode)), None)
        if kind:
            return "", 0, f"{kind}, not a regular file, not read"
        return file_digest(path), os.stat(path).st_size, None
    except OSError as e:
        return "", 0, unreadable(e, str(path)).message


def output_names(root: Path, inputs: list[Path], fmt: str) -> list[str]:
    """``a/b.txt`` -> ``a/b.jsonl``; inputs that would share a name keep their extension."""
    rel = [p.relative_to(root) for p in inputs]
    plain = [str(r.with_suffix(extension(fmt))) for r in rel]
    clashes = {n for n, c in Counter(plain).items() if c > 1}
    return [str(r) + extension(fmt) if n in clashes else n for r, n in zip(rel, plain)]


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def written_by_batch(path: Path, root: Path, outdir: Path) -> bool:
    """Whether ``path`` may be an output rather than an input: anything in an output folder
    inside the input tree; an output file (.json, .jsonl, .csv) when the outputs are written
    among the inputs (``-o`` the input folder itself, or a folder holding it)."""
    real, top, out = (os.path.realpath(p) for p in (path, root, outdir))
    if _inside(out, top) and out != top:
        return _inside(real, out)
    return _inside(top, out) and real.lower().endswith(extensions(*TEXT_FORMATS))


def plan_jobs(root: Path, outdir: Path, patterns: tuple[str, ...], fmt: str, combined: str | None = None) -> list[Job]:
    """A job per input; an entry that cannot be read is a job with its ``problem``, reported in
    its turn, so one bad entry never stops the others.  The combined file is no input, even
    where its name matches (a workbook among Excel plans)."""
    written = os.path.realpath(combined) if combined else None
    inputs = [p for p in discover(root, patterns)
              if not written_by_batch(p, root, outdir) and os.path.realpath(p) != written]
    names = output_names(root, inputs, fmt)
    return [Job(str(p), str(p.relative_to(root)), str(outdir / n), *inspect_entry(p)) for p, n in zip(inputs, names)]


@dataclass
class Settings:
    fmt: str = "jsonl"
    options: Options = Options()
    bom: bool = False
    keep_records: bool = False
    verbose: bool = False  # how workers treat library messages; not part of the signature
    corrections: Corrections | None = None

    def signature(self) -> dict:
        """What an output depends on besides its input's bytes."""
        options = {k: v for k, v in asdict(self.options).items() if k != "jobs"}  # speed, not output
        fixes = {"corrections": self.corrections.digest} if self.corrections else {}
        return {"version": __version__, "format": self.fmt, "bom": self.bom, **options, **fixes}


def _corrected(docs: list, settings: Settings) -> tuple[list, dict[int, str | None]]:
    """The documents with the corrections applied, and what became of each fix."""
    if not settings.corrections:
        return docs, {}
    fixed: dict[int, str | None] = {}
    corrected = []
    for doc in docs:
        doc, outcome = settings.corrections.apply(doc, settings.options.simplified)
        corrected.append(doc)
        fixed.update(outcome)
    return corrected, fixed


def convert(job: Job, settings: Settings, write: bool = True) -> Outcome:
    """Parse one input and write its output; every failure becomes a one-line reason."""
    try:
        docs, fixed = _corrected(parse_file(job.source, job.options(settings.options)), settings)
        if write:
            with replace_file(job.output, make_folders=True) as fp:
                writer = make_writer(settings.fmt, fp, settings.bom)
                writer.begin()
                for doc in docs:
                    writer.write(doc)
                writer.end()
    except OutputError as e:
        return Outcome(job.relative, job.output, "failed", error=e.message, size=job.size, output_error=str(e))
    except IpworkError as e:
        about_input = e.file == job.source  # said after the input's name, as ``parse`` says it
        return Outcome(job.relative, job.output, "failed", error=e.message if about_input else str(e),
                       line=e.line if about_input else None, size=job.size)
    except Exception as e:  # one broken file must not stop the batch
        return Outcome(job.relative, job.output, "failed", error=f"internal error: {type(e).__name__}: {e}",
                       size=job.size)
    records = [r.model_dump(mode="json") for d in docs for r in d.records()] if settings.keep_records else None
    notices = [w.model_dump() for d in docs for w in d.warnings] if settings.keep_records else None
    layouts = Counter(d.layout for d in docs for _ in d.items)
    return Outcome(job.relative, job.output, "done", sum(len(d.items) for d in docs), dict(layouts),
                   warnings=sum(len(d.warnings) for d in docs), size=job.size, records=records, notices=notices,
                   fixed=fixed)


class Manifest:
    """Which outputs are up to date: input hash and settings, per input, in OUTDIR."""

    def __init__(self, outdir: Path, signature: dict):
        self.path = outdir / MANIFEST
        self.signature = signature
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("signature") == signature:
                    self.entries = data.get("entries", {})
            except (OSError, ValueError):
                self.entries = {}

    def fresh(self, job: Job) -> bool:
        entry = self.entries.get(job.relative)
        return (bool(entry) and entry["sha256"] == job.digest and entry.get("metadata") == [job.year, job.region]
                and Path(job.output).exists())

    def record(self, job: Job, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.entries.pop(job.relative, None)
        else:
            self.entries[job.relative] = {"sha256": job.digest, "metadata": [job.year, job.region],
                                          "output": job.output, "items": outcome.items,
                                          "layouts": outcome.layouts, "warnings": outcome.warnings,
                                          "fixed": outcome.fixed}

    def save(self) -> None:
        with replace_file(self.path) as fp:
            json.dump({"signature": self.signature, "entries": self.entries}, fp, ensure_ascii=False, indent=1)


def remove_partial_files(outdir: Path) -> None:
    """Temporary files a killed run left behind (never a finished output, nor a file of the
    user's: the pattern is that of ``replace_file``'s names, ``.NAME.XXXXXXXX.part``)."""
    for path in outdir.rglob(".*.????????.part"):
        try:
            path.unlink(missing_ok=True)
        except OSError as e:
            raise OutputError(f"cannot remove a file a killed run left: {e.strerror}", file=str(path)) from None


def make_outdir(outdir: Path) -> None:
    """OUTDIR and the folders above it; what is in the way is a one-line error naming it."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError("is a file, not a folder: give a folder for the outputs", file=str(outdir))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot make the folder: {e.strerror}", file=str(e.filename or outdir)) from None


def _skipped(job: Job, manifest: Manifest) -> Outcome:
    entry = manifest.entries[job.relative]
    fixed = {int(line): why for line, why in entry.get("fixed", {}).items()}  # JSON keys are strings
    return Outcome(job.relative, job.output, "skipped", entry.get("items", 0), entry.get("layouts", {}),
                   warnings=entry.get("warnings", 0), size=job.size, fixed=fixed)


def _convert_star(args: tuple[Job, Settings, bool]) -> Outcome:
    return convert(*args)


def run_jobs(jobs: list[Job], settings: Settings, manifest: Manifest, workers: int, force: bool) -> Iterator[Outcome]:
    """Outcomes in input order; the number of workers only changes how fast they come.

    An up-to-date input is skipped, unless a combined file needs its records: then it is
    parsed again but its output is left as it is.
    """
    fresh = {job.relative for job in jobs if not force and not job.problem and manifest.fresh(job)}
    skip = fresh if not settings.keep_records else set()
    tasks = [(job, settings, job.relative not in fresh) for job in jobs if job.relative not in skip and not job.problem]
    results = _map(tasks, workers, settings.verbose)
    for job in jobs:
        if job.problem:
            yield Outcome(job.relative, job.output, "failed", error=job.problem)
            continue
        if job.relative in skip:
            yield _skipped(job, manifest)
            continue
        outcome = next(results)
        if job.relative in fresh and outcome.status == "done":
            outcome.status = "skipped"
        yield outcome


def _map(tasks: list, workers: int, verbose: bool) -> Iterator[Outcome]:
    if workers <= 1 or len(tasks) <= 1:
        yield from map(_convert_star, tasks)
        return
    with worker_pool(workers, verbose) as pool:
        # Not ``pool.map``: it cancels what is left when interrupted, and Python 3.11's pool then
        # fails setting an error on a cancelled future, with a traceback.
        futures = [pool.submit(_convert_star, task) for task in tasks]
        for future in futures:
            yield future.result()


class CombinedWriter:
    """All items of all files in one file, of the format its extension names (``COMBINED_FORMATS``);
    a record met again (the same plan in two files: the same id) is written once, as a database
    keeps it."""

    def __init__(self, stack: ExitStack, path: str, bom: bool):
        fmt = format_of(path)
        out = stack.enter_context(open_destination(fmt, path))
        out.keep = True  # written whatever the files gave, as far as the run went
        self.writer = make_writer(fmt, out, bom)
        self.writer.begin()
        self.written: set[str] = set()

    def add(self, file: str, records: list[dict], notices: list[dict]) -> None:
        new = [rec for rec in records if rec["id"] not in self.written]
        self.written.update(rec["id"] for rec in new)
        self.writer.write_records(Record.model_validate(rec) for rec in new)
        self.writer.write_warnings(file, map(Notice.model_validate, notices))

    def end(self) -> None:
        self.writer.end()


def batch(jobs: list[Job], outdir: Path, settings: Settings, workers: int, force: bool, fail_fast: bool,
          combined: str | None, on_outcome: Callable[[Outcome], None]) -> list[Outcome]:
    """Convert every planned input (``plan_jobs``); returns the outcomes in input order.

    An output that cannot be written stops the batch with an ``OutputError``; so does Ctrl-C
    (``KeyboardInterrupt``).  Either way the manifest keeps what was done, so that the next
    run goes on from there, and the combined file is left as it was.
    """
    make_outdir(outdir)
    remove_partial_files(outdir)
    manifest = Manifest(outdir, settings.signature())
    outcomes: list[Outcome] = []
    last_save = time.monotonic()
    with ExitStack() as stack:
        sink = CombinedWriter(stack, combined, settings.bom) if combined else None
        results = run_jobs(jobs, settings, manifest, workers, force)
        try:
            for job, outcome in zip(jobs, results):
                if outcome.output_error:
                    raise OutputError(outcome.output_error)
                outcomes.append(outcome)
                manifest.record(job, outcome)
                if sink and outcome.records:
                    sink.add(job.source, outcome.records, outcome.notices)
                outcome.records = outcome.notices = None
                on_outcome(outcome)
                if time.monotonic() - last_save > 2:  # a killed run keeps most of its progress
                    manifest.save()
                    last_save = time.monotonic()
                if fail_fast and outcome.status == "failed":
                    break
        except BaseException:
            results.close()  # the workers are killed, not waited for
            with contextlib.suppress(OutputError):  # what stopped the run is the one to report
                manifest.save()
                remove_partial_files(outdir)
            raise
        manifest.save()
        if sink:
            sink.end()
    return outcomes


def with_metadata(jobs: list[Job], rows: dict[str, FileMeta]) -> tuple[list[Job], list[FileMeta]]:
    """The jobs given the year and region their row of a metadata file says, and the rows that
    match no job."""
    matched: set[str] = set()
    out = []
    for job in jobs:
        row = rows.get(relative_key(job.relative))
        if row:
            matched.add(relative_key(job.relative))
            job = replace(job, year=row.year, region=row.region)
        out.append(job)
    return out, [row for key, row in rows.items() if key not in matched]
