"""read → detect → parse → normalize → validate: one source in, validated documents out."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ipwork import parsers
from ipwork.errors import LayoutError
from ipwork.identity import PlanIds, item_id, plan_digest
from ipwork.normalize.agencies import PlanContext, canonical_names
from ipwork.normalize.chars import to_simplified
from ipwork.normalize.deadlines import deadline_date, stated_deadline
from ipwork.normalize.departments import Department, split_departments
from ipwork.normalize.text import clean, strip_end
from ipwork.parsers.base import RawItem, RawPlan
from ipwork.parsers.evidence import settle
from ipwork.parsers.plans import split_plans
from ipwork.readers import SourceText, read_path
from ipwork.schema import Document


@dataclass(frozen=True)
class Options:
    layout: str | None = None
    encoding: str | None = None
    simplified: bool = False
    jobs: int = 1  # worker processes reading a PDF's pages; changes speed, never the records
    year: int | None = None  # the plans' year and region as the user knows them (--year, --region)
    region: str | None = None

    def converter(self) -> Callable[[str], str]:
        return (lambda s: to_simplified(clean(s))) if self.simplified else clean


def _optional(text: str | None, convert: Callable[[str], str]) -> str | None:
    value = convert(text) if text else ""
    return value or None


def _source(src: SourceText, raw: RawItem) -> dict:
    ordered = sorted(set(raw.lines))
    return dict(file=src.name, line=ordered[0], line_end=ordered[-1], page=src.page_of(ordered[0]),
                lines=ordered, offset=raw.offset, offset_end=raw.offset_end, ocr=src.read_by_ocr(ordered))


def item_deadline_date(deadline: str | None, text: str, year: int | None) -> tuple[date | None, str | None]:
    """From the deadline cell, or where there is none, a deadline closing the task's text; and
    which of the two it was read from (``deadline_date_from``)."""
    if deadline and deadline.strip():
        when = deadline_date(deadline, year)
        return when, "deadline" if when else None
    when = deadline_date(stated_deadline(text), year)
    return when, "text" if when else None


def department_roles(groups: list[list[Department]], context: PlanContext,
                     convert: Callable[[str], str]) -> list[dict]:
    """The ``department_roles`` of an item's bodies: name as printed, role and canonical agency.

    A group is one cell or tag: a level printed on a name carries to the bare names after it
    in the same group (``省信用办、知识产权局``), never into the next.
    """
    departments = [d for group in groups for d in group]
    agencies = [a for group in groups for a in canonical_names([d.name for d in group], context)]
    return [dict(name=convert(d.name), role=d.role, canonical=a) for d, a in zip(departments, agencies)]


def normalize_item(raw: RawItem, seq: int, src: SourceText, convert: Callable[[str], str],
                   plan: RawPlan | None = None) -> dict:
    """Clean every field of a parser's item, split its departments and name their agencies: the
    fields of an ``Item`` but its ``id`` (made from the whole plan's text), validated with its
    document (one validation a document, not one an object)."""
    plan = plan or RawPlan()
    roles = department_roles([split_departments(group) for group in raw.departments],
                             PlanContext(plan.region, plan.issuer), convert)
    when, when_from = item_deadline_date(raw.deadline, raw.text or raw.title, plan.year)
    return dict(
        seq=seq, number=raw.number, path=[strip_end(convert(p)) for p in raw.path if p],
        title=strip_end(convert(raw.title)), text=convert(raw.text),
        deliverable=_optional(raw.deliverable, convert), departments=[r["name"] for r in roles],
        department_roles=roles, deadline=_optional(raw.deadline, convert),
        deadline_date=when, deadline_date_from=when_from,
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


def settle_metadata(src: SourceText, plan: RawPlan, options: Options) -> dict:
    """Decide the plan's year and region from its clues, its file's path and the user's values
    (setting them on ``plan``, which its items' agencies and deadline dates follow): the
    document's fields that say so, with the evidence."""
    settled = settle(plan.year_clues, plan.region_clues, src.name, options.year, options.region,
                     plan.region_context)
    plan.region, plan.year, plan.period = settled.region, settled.year, settled.period
    plan.warnings[:0] = settled.warnings  # what the plan is comes before what is wrong in it
    return dict(region_from=settled.region_from, year_from=settled.year_from, evidence=settled.evidence,
                **settled.place)


def build_document(src: SourceText, layout: str, plan: RawPlan, convert: Callable[[str], str],
                   ids: PlanIds | None = None, options: Options = Options()) -> Document:
    """The plan as a validated ``Document``; ``ids`` numbers identical plans of one input apart."""
    settled = settle_metadata(src, plan, options)
    items = [normalize_item(raw, i, src, convert, plan) for i, raw in enumerate(plan.items, 1)]
    preamble = _optional(" ".join(t for _, t in plan.preamble), convert)
    doc_id = (ids or PlanIds()).doc_id(plan_digest(items, (plan.title, preamble)))
    for item in items:
        item["id"] = item_id(doc_id, item["seq"])
    return Document.model_validate(dict(
        doc_id=doc_id, file=src.name, title=_optional(plan.title, convert), issuer=_optional(plan.issuer, convert),
        region=_optional(plan.region, convert), year=plan.year, period=plan.period, layout=layout,
        collection=_optional(plan.collection, convert), **settled,
        preamble=preamble,
        sections=[dict(number=s.number, title=strip_end(convert(s.title)),
                       path=[strip_end(convert(p)) for p in s.path],
                       intro=_optional(s.intro, convert), line=s.line) for s in plan.sections],
        items=items,
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
    ids = PlanIds()
    for layout, plan in _with_reader_warnings(src, _plans(src, options, chosen)):
        doc = build_document(src, layout, plan, convert, ids, options)
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
