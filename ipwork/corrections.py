"""Corrections a reviewer hands back, applied to the records after parsing
(``ipwork parse|batch --corrections FILE``), so that they survive every new parse of the plan.

A corrections file is JSON Lines, one fix a line (``ipwork review``'s page writes them):

    {"id": "daf6e0dd2c7c-1-3", "set": {"title": "…", "deadline": "6月底前"}, "source_line": 46}
    {"id": "daf6e0dd2c7c-1-4", "drop": true}
    {"doc_id": "daf6e0dd2c7c-1", "set": {"region": "北京市", "year": 2017}}

Every value is checked against the record schema when the file is read, so a bad one stops
the run before anything is written.  ``source_line`` (optional) is where the item started
when it was reviewed: a fix whose item now starts elsewhere (the plan was read differently)
is not applied, as a fix whose item is gone.  What ipwork derives from a corrected value is
derived again, by the pipeline's own functions: the agencies of corrected departments, or of
every department when a plan's region changes, and the date of a corrected deadline (or
text, or year).  Each corrected record names the fields that changed in ``corrected``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ipwork.errors import InputError
from ipwork.normalize.agencies import PlanContext
from ipwork.normalize.chars import to_simplified
from ipwork.normalize.departments import Department
from ipwork.normalize.regions import place_fields
from ipwork.pipeline import department_roles, item_deadline_date
from ipwork.schema import Document, DocumentMeta, Item, Record

# What a fix may set: everything ipwork reads from the page, not what identifies the record or
# where it was read from.
ITEM_FIELDS = tuple(f for f in Item.model_fields if f not in ("id", "seq", "source", "corrected"))
DOCUMENT_FIELDS = tuple(f for f in DocumentMeta.model_fields if f not in ("doc_id", "file", "layout"))
_RECORD_NAMES = {"title": "doc_title"}  # a document's fields as its records name them
_KEYS = ("id", "doc_id", "set", "drop", "source_line")
# The least a valid item and document hold, for checking a fix's values against the schema.
_ITEM = {"id": "-", "seq": 1, "path": [], "title": "", "text": "", "departments": [],
         "source": {"file": "-", "line": 1, "line_end": 1}}
_DOCUMENT = {"doc_id": "-", "file": "-", "layout": "-"}


@dataclass(frozen=True)
class Fix:
    line: int  # in the corrections file
    target: str  # the item's id, or the document's doc_id
    document: bool = False
    values: dict = field(default_factory=dict)  # field -> value, checked by the schema
    drop: bool = False
    source_line: int | None = None


def _fix_error(name: str, line: int) -> Callable[[str], InputError]:
    return lambda message: InputError(message, file=name, line=line)


def _checked_values(values: object, document: bool, bad: Callable[[str], InputError]) -> dict:
    """The values a fix sets, as the schema reads them; a wrong field or value is an error."""
    if not isinstance(values, dict) or not values:
        raise bad('"set" needs an object of fields and values, e.g. {"title": "…"}')
    fields = DOCUMENT_FIELDS if document else ITEM_FIELDS
    wrong = [f for f in values if f not in fields]
    if wrong:
        kind = "a document's" if document else "an item's"
        raise bad(f"{wrong[0]!r} is not {kind} field a correction sets ({', '.join(fields)})")
    model, least = (DocumentMeta, _DOCUMENT) if document else (Item, _ITEM)
    try:
        checked = model.model_validate({**least, **values})
    except ValidationError as e:
        error = e.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        given = json.dumps(error["input"], ensure_ascii=False, default=str)
        raise bad(f"{where}: {error['msg']} (got {given[:80]})") from None
    # Unset keys left out: a department given without its canonical agency gets ipwork's.
    checked_values = checked.model_dump(include=set(values), exclude_unset=True)
    roles = checked_values.get("department_roles")
    if roles is not None and "departments" in checked_values and \
            [r["name"] for r in roles] != checked_values["departments"]:
        raise bad("departments and department_roles name different bodies: set one of them")
    return checked_values


def read_fix(text: str, name: str, line: int) -> Fix:
    """One line of a corrections file."""
    bad = _fix_error(name, line)
    try:
        data = json.loads(text)
    except ValueError as e:
        raise bad(f"not JSON ({e})") from None
    if not isinstance(data, dict):
        raise bad('a fix is an object: {"id": …, "set": {…}}, {"id": …, "drop": true} or {"doc_id": …, "set": {…}}')
    unknown = [k for k in data if k not in _KEYS]
    if unknown:
        raise bad(f"unknown key {unknown[0]!r} (a fix has {', '.join(_KEYS)})")
    document = "doc_id" in data
    if document == ("id" in data):
        raise bad('a fix names an item ("id") or a document ("doc_id"), one of them')
    target = data["doc_id" if document else "id"]
    if not isinstance(target, str) or not target:
        raise bad(f'"{"doc_id" if document else "id"}" is the identifier of the record, a string')
    drop = data.get("drop", False)
    if drop is not True and drop is not False:
        raise bad('"drop" is true or left out')
    if drop == ("set" in data):
        raise bad('a fix either sets fields ("set") or drops an item ("drop": true)')
    if drop and document:
        raise bad("a document is not dropped: drop its items, or correct it")
    source_line = data.get("source_line")
    if source_line is not None and (document or type(source_line) is not int or source_line < 1):
        raise bad('"source_line" is the line an item started at (a number from 1), for items only')
    values = {} if drop else _checked_values(data["set"], document, bad)
    return Fix(line, target, document, values, drop, source_line)


@dataclass
class Corrections:
    """The fixes of one corrections file, by the item or document they concern."""

    name: str  # the file as the user typed it
    fixes: tuple[Fix, ...]
    digest: str = ""  # of the file's bytes: a batch redoes its outputs when the file changes
    _index: dict[str, list[Fix]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for fix in self.fixes:
            self._index.setdefault(fix.target, []).append(fix)

    def for_target(self, target: str) -> list[Fix]:
        return self._index.get(target, [])

    def apply(self, doc: Document, simplified: bool = False) -> tuple[Document, dict[int, str | None]]:
        """The document with its fixes applied, and what became of each fix that concerns it:
        line -> None (applied) or why it was not."""
        outcome: dict[int, str | None] = {}
        convert = _converter(simplified)
        meta: dict = {}
        for fix in self.for_target(doc.doc_id):
            if fix.document:
                meta.update(convert(fix.values))
                outcome[fix.line] = None
        meta.update(_derived_document_fields(doc, meta))
        corrected = doc.model_copy(update=meta) if meta else doc
        items = []
        for item in doc.items:
            fixes = self._item_fixes(item, outcome)
            if any(fix.drop for fix in fixes):
                continue
            values: dict = {}
            for fix in fixes:
                values.update(convert(fix.values))
            items.append(_corrected_item(item, values, corrected, meta) if values or meta else item)
        return corrected.model_copy(update={"items": items}), outcome

    def _item_fixes(self, item: Item, outcome: dict[int, str | None]) -> list[Fix]:
        """The fixes of ``item`` that still concern it; the others are noted in ``outcome``."""
        found = []
        for fix in self.for_target(item.id):
            if fix.document:
                continue
            if fix.source_line is not None and fix.source_line != item.source.line:
                outcome[fix.line] = (f"item {item.id} now starts at line {item.source.line}, not "
                                     f"{fix.source_line} (the plan was read differently)")
                continue
            outcome[fix.line] = None
            found.append(fix)
        return found

    def not_applied(self, outcome: dict[int, str | None]) -> list[str]:
        """A line for each fix that was not applied: ``FILE:LINE: why``."""
        lines = []
        for fix in self.fixes:
            if fix.line not in outcome:
                kind = "document" if fix.document else "item"
                why = f"no {kind} {fix.target} in the plans read"
            elif outcome[fix.line]:
                why = outcome[fix.line]
            else:
                continue
            lines.append(f"{self.name}:{fix.line}: {why}; not applied")
        return lines


def _converter(simplified: bool) -> Callable[[dict], dict]:
    """``--simplified``: the texts a fix sets in simplified characters, like the rest of the output."""
    def convert(value):
        if isinstance(value, str):
            return to_simplified(value)
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    return convert if simplified else (lambda values: values)


def _roles_given(item: dict, values: dict, context_changed: bool) -> list[dict] | None:
    """The bodies whose agencies are to be found again (a ``canonical`` given is kept), or None
    when the item's stand; ``item`` holds the values set, its ``department_roles`` ipwork's."""
    if "department_roles" in values:
        return values["department_roles"]
    if "departments" in values:
        # A body named before keeps its role; one added has none until it is given.
        left = list(item["department_roles"])
        given = []
        for name in values["departments"]:
            before = next((r for r in left if r["name"] == name), None)
            if before:
                left.remove(before)
            given.append({"name": name, "role": before["role"] if before else None})
        return given
    if context_changed:
        return [{"name": r["name"], "role": r["role"]} for r in item["department_roles"]]
    return None


def _agencies(given: list[dict], doc: Document) -> list[dict]:
    """``department_roles`` of the bodies named, read as one cell of the plan ``doc``."""
    found = department_roles([[Department(g["name"], g.get("role")) for g in given]],
                             PlanContext(doc.region, doc.issuer), lambda name: name)
    return [{**f, "canonical": g["canonical"]} if "canonical" in g else f for g, f in zip(given, found)]


def _deadline_date(item: dict, values: dict, doc: Document, year_changed: bool) -> tuple[date | None, str | None]:
    """The item's deadline date and where it was read, found again where what it rests on changed."""
    if "deadline_date" in values or not (year_changed or values.keys() & {"deadline", "text", "title"}):
        return item["deadline_date"], item["deadline_date_from"]
    return item_deadline_date(item["deadline"], item["text"] or item["title"], doc.year)


def _derived_document_fields(doc: Document, meta: dict) -> dict:
    """What changes with a plan's corrected region or year: the region's code, province and
    level, and where each came from (the user), unless the correction sets those too."""
    derived = {}
    if "region" in meta:
        derived.update(place_fields(meta["region"]), region_from="user")
    if "year" in meta:
        derived["year_from"] = "user"
    return {k: v for k, v in derived.items() if k not in meta and getattr(doc, k) != v}


def _in_record_order(names: set[str]) -> list[str]:
    return [f for f in Record.model_fields if f in names]


def _corrected_item(item: Item, values: dict, doc: Document, meta: dict) -> Item:
    """``item`` with ``values`` set, in the plan ``doc`` whose fields ``meta`` were corrected."""
    before = item.model_dump()
    after = {**before, **values}
    given = _roles_given(after, values, bool(meta.keys() & {"region", "issuer"}))
    if given is not None:
        after["department_roles"] = _agencies(given, doc)
        after["departments"] = [r["name"] for r in after["department_roles"]]
    after["deadline_date"], after["deadline_date_from"] = _deadline_date(after, values, doc, "year" in meta)
    derived = {f for f in ("departments", "department_roles", "deadline_date", "deadline_date_from")
               if after[f] != before[f]}
    after["corrected"] = _in_record_order(set(values) | derived | {_RECORD_NAMES.get(f, f) for f in meta})
    return Item.model_validate(after)


def read_corrections(path: str) -> Corrections:
    """The corrections file at ``path``; the first bad line is an ``InputError`` naming it."""
    from ipwork.readers import unreadable

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise unreadable(e, path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start}); a corrections file is JSON Lines", file=path) from None
    fixes = tuple(read_fix(line, path, number) for number, line in enumerate(text.splitlines(), 1) if line.strip())
    return Corrections(path, fixes, hashlib.sha256(data).hexdigest())
