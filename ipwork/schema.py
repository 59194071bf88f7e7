"""The one definition of ipwork's output: documents (plans) and their work items.

``Record`` is a JSON Lines line: one work item, flat, carrying what a reader needs of its
document.  ``Document`` is one plan with its metadata and nested items (``-f json``).  Field
meanings follow the gold answer keys' GOLD.md; the JSON Schema printed by ``ipwork schema``
is generated from these models.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["lead", "support", "responsible"]
# Where a plan's region or year was read, strongest first: the plan's own title, the heading a
# compilation prints it under, the notice or cover letter that issues it, a sentence of its
# preamble, the page's headline, the signature, a byline or source line, the voice of its text,
# the file's path; or given by the user (--year, --region, batch --metadata).
Origin = Literal["user", "title", "heading", "notice", "cover", "preamble", "headline", "signature",
                 "byline", "text", "file"]
RegionLevel = Literal["national", "province", "prefecture", "county"]
# Where an item's deadline date was read: its deadline cell, or a deadline closing its text.
DeadlineOrigin = Literal["deadline", "text"]
# What a warning says, by its code: each is explained in README's "Errors, warnings and exit
# codes", and ``ipwork schema --document`` lists them.  A new warning is one line here.
WarningCode = Literal[
    "ambiguous-region",  # the region's name is several places', and nothing settles which
    "byline",  # the closing (某某局) of a news item read as the page's source, not its department
    "cut-tag",  # a department tag that the end of the page cut off
    "empty-heading",  # a top-level heading with no items under it
    "extra-cells",  # values past a table header's last column, kept in that column
    "low-confidence",  # a line OCR read with low confidence: check it against the page
    "missing-region",  # a region the table of contents lists and no table gives
    "no-region",  # no region found anywhere: region is null
    "no-year",  # no year found anywhere: year is null
    "numbering",  # a gap in a heading's numbering, or a number repeated
    "other-table",  # a row of a table whose columns are not those of the plan's table
    "repaired-text",  # radical code points (⼯ for 工) read as the ideographs they print as
    "shifted-row",  # a table row's cells moved back under their headers
    "stray-text",  # text outside a table's cells
    "truncated",  # the file ends inside a character
    "truncated-task",  # a task of the national table without its departments or deadline
    "user-metadata",  # the year or region the user gave differs from what the plan prints
    "weak-region",  # the region rests on weak evidence only
    "weak-year",  # the year rests on weak evidence only
]


class _Model(BaseModel):
    # Validators and serializers are built when first used: a parse validates whole documents only,
    # so the other models never need their own (and start-up does not build them).
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Source(_Model):
    """Where a record comes from, so every value can be checked against the page."""

    file: str = Field(description="the input file as given ('-' for standard input)")
    line: int = Field(ge=1, description="first source line of the item (1-based)")
    line_end: int = Field(ge=1, description="last source line of the item")
    page: int | None = Field(None, description="PDF page of the first line; null for text input")
    lines: list[int] = Field(default_factory=list,
                             description="every source line the item was rebuilt from (tables)")
    offset: int | None = Field(None, ge=0, description="character offset of the item's start within `line` "
                               "(0-based; where known)")
    offset_end: int | None = Field(None, ge=0, description="character offset just past the item's end "
                                   "within `line_end` (where known)")
    ocr: bool = Field(False, description="read by OCR from a scanned page or an image (check it against the page)")


class DepartmentRole(_Model):
    name: str = Field(description="the body as printed")
    role: Role | None = Field(None, description="lead (牵头), support (配合) or responsible (负责)")
    canonical: str | None = Field(None, description="the agency as one name whatever the printing, qualified by "
                                  "the plan's region, in simplified characters (省知识产权局 in 浙江省's plan: "
                                  "浙江省知识产权局); null for collective words (各有关部门, 各市)")


class Item(_Model):
    """One work item inside a document."""

    id: str = Field(description="stable identifier from the plan's text: the same plan gives the same id "
                    "whatever file or format it is read from (`<doc_id>-<seq>`)")
    seq: int = Field(ge=1, description="1-based position of the item within its plan")
    number: str | None = Field(None, description="the item's printed number (a table's 序号, '1', '一')")
    path: list[str] = Field(description="titles of the headings above the item, outermost first")
    title: str = Field(description="the item's own heading or lead sentence, without closing 。")
    text: str = Field(description="the item's body")
    deliverable: str | None = Field(None, description="the 成果形式 cell; null where there is none")
    departments: list[str] = Field(description="bodies named responsible, lead first, as printed")
    department_roles: list[DepartmentRole] = Field(default_factory=list)
    deadline: str | None = Field(None, description="the 完成时间 cell (年内完成 …); null where none")
    deadline_date: date | None = Field(None, description="the last day the deadline allows, in the plan's year "
                                       "(年内完成 in 2017: 2017-12-31), from `deadline` or else a deadline "
                                       "stated at the end of the text; null for 长期坚持, 持续推进 or none")
    deadline_date_from: DeadlineOrigin | None = Field(None, description="where `deadline_date` was read: the "
                                                      "deadline cell, or the end of the text; null when it is null")
    obligations: list[str] = Field(default_factory=list,
                                   description="which provinces must or may do it (省份 column)")
    filled_down: list[str] = Field(default_factory=list,
                                   description="fields taken from the row above (merged table cells)")
    joined_across_pages: bool = Field(False, description="rebuilt from rows cut by a page break")
    other: dict[str, str] = Field(default_factory=dict, description="cells of table columns no field stands for, "
                                  "by their header (备注: …)")
    corrected: list[str] = Field(default_factory=list,
                                 description="the fields a reviewer's correction set (--corrections), and "
                                 "those derived from them again; empty for ipwork's own reading")
    source: Source

    def agencies(self, printed: bool = False) -> list[str]:
        """The bodies the item names, each once: by canonical name, collective words (各有关部门)
        left out; with ``printed``, every name as printed."""
        if printed:
            return list(dict.fromkeys(self.departments))
        return list(dict.fromkeys(r.canonical for r in self.department_roles if r.canonical))


class Section(_Model):
    """A heading that groups items (a table's 工作重点, an outline's 一、/（一）)."""

    number: str | None = None
    title: str
    path: list[str] = Field(description="this section's path, its own title last")
    intro: str | None = Field(None, description="the section's introductory text or goal (任务目标)")
    line: int | None = None


class Notice(_Model):
    """A warning about the input: what looked wrong, and where."""

    line: int | None = None
    code: WarningCode = Field(description="what kind of problem (README lists every code)")
    message: str


class Evidence(_Model):
    """One statement of a plan's region or year, and where it was read."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True, defer_build=True)

    field: Literal["region", "year"]
    value: str | int
    origin: Origin = Field(alias="from", description="where it was read (see `region_from`)")
    line: int | None = Field(None, description="the source line, where one line says it")
    strength: Literal["strong", "weak"] = Field(description="weak evidence alone gives a warning")


class LineText(_Model):
    line: int
    text: str


class DocumentMeta(_Model):
    doc_id: str = Field(description="stable identifier of the plan: a digest of its items' printed text and "
                        "which copy of that text in its input it is")
    file: str
    title: str | None = Field(None, description="the plan's title as printed")
    issuer: str | None = Field(None, description="the body that issued the plan (国家知识产权局 …)")
    region: str | None = Field(None, description="全国, or the province, city or county as printed, in full")
    region_code: str | None = Field(None, pattern=r"^\d{6}$", description="the region's GB/T 2260 code (null for "
                                    "全国, and for a region the gazetteer cannot place)")
    province: str | None = Field(None, description="the province-level region the plan belongs to, its full "
                                 "simplified name (全国 for a national plan)")
    region_level: RegionLevel | None = Field(None, description="national, province, prefecture or county")
    region_from: Origin | None = Field(None, description="where the region was read (title, heading, notice, cover, "
                                       "preamble, headline, signature, byline, text, file, user)")
    year: int | None = Field(None, description="the plan's year; a multi-year plan's first year")
    year_from: Origin | None = Field(None, description="where the year was read (as `region_from`)")
    period: str | None = Field(None, description="the years a multi-year plan covers, e.g. 2016-2020")
    layout: str = Field(description="the layout family the document was parsed as")
    collection: str | None = Field(None, description="title of the compilation holding this plan")


class Document(DocumentMeta):
    """One plan: metadata, sections, items, and everything in the source that is not an item."""

    evidence: list[Evidence] = Field(default_factory=list, description="every statement of the plan's region "
                                     "and year found, strongest first")
    preamble: str | None = Field(None, description="text before the first heading")
    sections: list[Section] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    metadata_lines: list[LineText] = Field(
        default_factory=list, description="page furniture and document metadata lines")
    warnings: list[Notice] = Field(default_factory=list)
    unparsed: list[LineText] = Field(default_factory=list,
                                     description="non-blank lines that are in no item and no metadata")

    def _record_meta(self) -> dict:
        """What each record carries of this document, in ``Record``'s field order."""
        return {"doc_id": self.doc_id, "region": self.region, "region_code": self.region_code,
                "province": self.province, "region_level": self.region_level, "region_from": self.region_from,
                "year": self.year, "year_from": self.year_from, "period": self.period,
                "doc_title": self.title, "issuer": self.issuer, "layout": self.layout,
                "collection": self.collection}

    def records(self) -> list["Record"]:
        """The items as flat records, each carrying this document's metadata."""
        meta = self._record_meta()
        # The items were validated when made: a record is built from them without validating again.
        return [Record.model_construct(**dict(item), **meta) for item in self.items]

    def record_dicts(self) -> list[dict]:
        """What ``Record.model_dump(mode="json")`` gives for each record, from one dump of the
        items instead of a record object and a dump per item (writing JSON Lines costs less)."""
        meta = self._record_meta()  # plain strings and numbers: already as JSON has them
        return [{**item, **meta} for item in self.model_dump(mode="json", include={"items"})["items"]]


class Record(Item):
    """One JSON Lines line: a work item with its document's metadata, ready for jq or pandas."""

    doc_id: str = Field(description="the plan's identifier (documents table key)")
    region: str | None
    region_code: str | None = None
    province: str | None = None
    region_level: RegionLevel | None = None
    region_from: Origin | None = None
    year: int | None
    year_from: Origin | None = None
    period: str | None = None
    doc_title: str | None = Field(None, description="the document's title")
    issuer: str | None = None
    layout: str
    collection: str | None = None

