"""read → detect → parse → normalize → validate: one source in, validated documents out."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ipwork import parsers
from ipwork.errors import LayoutError
from ipwork.normalize.agencies import PlanContext, canonical_names
from ipwork.normalize.chars import to_simplified
from ipwork.normalize.deadlines import deadline_date, stated_deadline
from ipwork.normalize.departments import split_departments
from ipwork.normalize.text import clean, strip_end
from ipwork.parsers.base import RawItem, RawPlan
from ipwork.parsers.plans import split_plans
from ipwork.readers import SourceText, read_path
from ipwork.schema import Document


@dataclass(frozen=True)
class Options:
    layout: str | None = None
    encoding: str | None = None
    simplified: bool = False
    jobs: int = 1  # worker processes reading a PDF's pages; changes speed, never the records

    def converter(self) -> Callable[[str], str]:
        return (lambda s: to_simplified(clean(s))) if self.simplified else clean


def _optional(text: str | None, convert: Callable[[str], str]) -> str | None:
    value = convert(text) if text else ""
    return value or None


def _source(src: SourceText, raw: RawItem) -> dict:
    ordered = sorted(set(raw.lines))
    return dict(file=src.name, line=ordered[0], line_end=ordered[-1], page=src.page_of(ordered[0]),
                lines=ordered, offset=raw.offset, offset_end=raw.offset_end, ocr=src.read_by_ocr(ordered))


def _item_deadline_date(raw: RawItem, plan: RawPlan) -> date | None:
    """From the deadline cell, or where there is none, a deadline closing the task's text."""
    stated = raw.deadline if raw.deadline and raw.deadline.strip() else stated_deadline(raw.text or raw.title)
    return deadline_date(stated, plan.year)


def normalize_item(raw: RawItem, seq: int, src: SourceText, convert: Callable[[str], str],
                   doc_id: str = "", plan: RawPlan | None = None) -> dict:
    """Clean every field of a parser's item, split its departments and name their agencies: the
    fields of an ``Item``, validated with its document (one validation a document, not one an object)."""
    plan = plan or RawPlan()
    context = PlanContext(plan.region, plan.issuer)
    groups = [split_departments(group) for group in raw.departments]
    departments = [d for group in groups for d in group]
    agencies = [a for group in groups for a in canonical_names([d.name for d in group], context)]
    names = [convert(d.name) for d in departments]
    return dict(
        id=f"{doc_id}-{seq}", seq=seq, number=raw.number, path=[strip_end(convert(p)) for p in raw.path if p],
        title=strip_end(convert(raw.title)), text=convert(raw.text),
        deliverable=_optional(raw.deliverable, convert), departments=names,
        department_roles=[dict(name=n, role=d.role, canonical=a) for n, d, a in zip(names, departments, agencies)],
        deadline=_optional(raw.deadline, convert), deadline_date=_item_deadline_date(raw, plan),
        obligations=[convert(o) for o in raw.obligations if o],
        filled_down=raw.filled_down, joined_across_pages=raw.joined_across_pages,
        other={convert(k): convert(v) for k, v in raw.other.items()},
        source=_source(src, raw))


def _accounted(plan: RawPlan) -> set[int]:
    lines = set(plan.meta_lines) | {no for no, _ in plan.preamble}
    for item in plan.items:
        lines.update(item.lines)
    return lines


def unparsed_lines(src: SourceText, plan: RawPlan) -> list[dict]:
    """Non-blank lines of the plan's span that no item, section or metadata accounts for (the
    fields of ``LineText``s)."""
    seen = _accounted(plan)
    return [dict(line=ln.no, text=ln.text) for ln in src.span(plan.first_line, plan.last_line)
            if ln.text.strip() and ln.no not in seen]


def _metadata_lines(src: SourceText, plan: RawPlan) -> list[dict]:
    numbers = sorted(plan.meta_lines | {no for no, _ in plan.preamble})
    found = [(no, src.line(no)) for no in numbers]
    lines = [dict(line=no, text=line.text) for no, line in found if line and line.text.strip()]
    # A PDF's running headers, footers and page numbers, which the reader kept out of the text.
    furniture = [dict(line=ln.no, text=ln.text) for ln in src.furniture
                 if plan.first_line <= ln.no <= plan.last_line]
    return sorted(lines + furniture, key=lambda line: line["line"]) if furniture else lines


def document_id(src: SourceText, number: int) -> str:
    """``<first 12 hex digits of the input's digest>-<plan number>``: stable across runs."""
    return f"{src.digest[:12]}-{number}"


def build_document(src: SourceText, layout: str, plan: RawPlan, convert: Callable[[str], str],
                   number: int = 1) -> Document:
    doc_id = document_id(src, number)
    return Document.model_validate(dict(
        doc_id=doc_id, file=src.name, title=_optional(plan.title, convert), issuer=_optional(plan.issuer, convert),
        region=_optional(plan.region, convert), year=plan.year, period=plan.period, layout=layout,
        collection=_optional(plan.collection, convert),
        preamble=_optional(" ".join(t for _, t in plan.preamble), convert),
        sections=[dict(number=s.number, title=strip_end(convert(s.title)),
                       path=[strip_end(convert(p)) for p in s.path],
                       intro=_optional(s.intro, convert), line=s.line) for s in plan.sections],
        items=[normalize_item(raw, i, src, convert, doc_id, plan) for i, raw in enumerate(plan.items, 1)],
        metadata_lines=_metadata_lines(src, plan),
        warnings=[dict(line=line, code=code, message=msg) for line, code, msg in plan.warnings],
        unparsed=unparsed_lines(src, plan)))


def _plans(src: SourceText, options: Options, chosen: list[str]) -> Iterator[tuple[str, RawPlan]]:
    """``(layout name, plan)`` for each plan of the source, each part of a file holding several
    plans detected on its own; the layout chosen for each part is added to ``chosen``."""
    pieces = split_plans(src)
    for piece in pieces:
        layout = parsers.choose(piece if len(pieces) > 1 else src, options.layout)
        chosen.append(layout.name)
        for plan in layout.parse(piece):
            if len(pieces) > 1 and piece.lines:
                # A plan spans no more than its part of the file (layouts that read one plan
                # a text leave the span open).
                plan.first_line = max(plan.first_line, piece.lines[0].no)
                plan.last_line = min(plan.last_line, piece.lines[-1].no)
            yield layout.name, plan


def _with_reader_warnings(src: SourceText, plans: Iterable[tuple[str, RawPlan]]) -> Iterator[tuple[str, RawPlan]]:
    """The plans, each given the reader's warnings (a file cut short) on the lines it spans.

    A plan is passed on once the next one is known, so that warnings past every plan's span
    go to the last plan rather than being lost.
    """
    left, previous = list(src.warnings), None
    for layout, plan in plans:
        if previous is not None:
            yield previous
        given = [w for w in left if w[0] is None or w[0] <= plan.last_line]
        plan.warnings.extend(given)
        left = [w for w in left if w not in given]
        previous = layout, plan
    if previous is not None:
        previous[1].warnings.extend(left)
        yield previous


def parse_source(src: SourceText, options: Options = Options()) -> Iterator[Document]:
    """Detect the layout (or take the one named) and yield each plan the source holds.

    A source in which the layout finds no work item at all is an error, not an empty result:
    plans without items are held back until one with items shows the source is a plan.
    """
    convert = options.converter()
    held: list[Document] = []
    found = False
    chosen: list[str] = []
    for number, (layout, plan) in enumerate(_with_reader_warnings(src, _plans(src, options, chosen)), 1):
        doc = build_document(src, layout, plan, convert, number)
        if not (doc.items or found):
            held.append(doc)
            continue
        found = True
        yield from held
        held.clear()
        yield doc
    if not found:
        how = "forced with --layout" if options.layout else "detected"
        raise LayoutError(f"no work items found (layout {chosen[-1]!r}, {how}); "
                          "'ipwork detect --all' shows how each layout scores it", file=src.name)


def parse_file(path: str, options: Options = Options()) -> list[Document]:
    return list(parse_source(read_path(path, options.encoding, options.jobs), options))
