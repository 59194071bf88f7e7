"""The one name of an agency however a plan prints it: the ``canonical`` of a department.

Plans name the same body in many ways: ``省知识产权局`` and ``知识产权局`` in 浙江省's table are
both 浙江省知识产权局; ``发改委``, ``发展改革委`` and ``国家发展改革委`` in a national plan are all
国家发展和改革委员会; ``管理司`` in the national patent task table is 国家知识产权局专利管理司.
``canonical_names`` turns the names of one cell or tag into those names, using the plan's
region and issuer and the curated table ``ipwork/vocabulary/agencies.toml`` (its header says
how a name is read, and how to extend it).  Collective words (各有关部门, 各市, 相关部门)
and bodies of a lower level named without their place (``市知识产权局`` in a province's plan:
every city's office) have no single name: None.

The printed name is never changed; the canonical name is always in simplified characters.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ipwork.normalize.chars import fold, to_simplified
from ipwork.normalize.regions import NATIONAL, province_names
from ipwork.normalize.text import fullwidth_punctuation, strip_pinyin
from ipwork.vocabulary import FOLDER, alternation, lazy, theme, words

DATA = FOLDER / "agencies.toml"

# The level a name opens with; 市 opens 市场监管委 without being one.
_LEVEL = lazy(lambda: r"^(?!市场)" + alternation("places.levels"))
_CITY = lazy(lambda: r"^\p{Han}{2,4}?" + alternation("places.localities", "places.other_localities") + "(?!场)")
_TRAILING_ALIAS = lazy(r"^(.+?)\(([^()]+)\)$")
_IGNORED = lazy(r"[\s\"'“”‘’「」『』]+")


@cache
def _own_levels() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """How a region's name ends, and the level words its own bodies are printed with (浙江省:
    省…, 北京市 and 深圳市: 市…); an autonomous region's are printed 自治区… or 区…, so 自治区
    comes before 区."""
    levels = sorted(words("places.levels"), key=len, reverse=True)
    return tuple((level, (level, "区") if level == "自治区" else (level,)) for level in levels)


@lru_cache(maxsize=1 << 14)
def key(name: str) -> str:
    """A name as the table compares it: simplified, half-width, without spaces or quotes."""
    return _IGNORED.sub("", fold(to_simplified(strip_pinyin(name))))


@dataclass(frozen=True)
class Table:
    """``agencies.toml``, indexed: every printed form -> its canonical name."""

    national: dict[str, str]
    national_short: dict[str, str]
    local: dict[str, str]
    offices: dict[str, dict[str, str]]
    collective_words: tuple[str, ...]
    collective_endings: tuple[str, ...]
    generic_endings: tuple[str, ...]
    generic_max: int
    internal_endings: tuple[str, ...]
    national_openings: tuple[str, ...]


def _index(entries: dict[str, list[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, others in entries.items():
        for name in (canonical.replace("{short}", ""), *others):
            index.setdefault(key(name), canonical)
    return index


@lru_cache(maxsize=1)
def table() -> Table:
    data = theme("agencies")
    return Table(
        national=_index(data["national"]), national_short=_index(data["national_short"]),
        local=_index(data["local"]),
        offices={office: _index(units) for office, units in data["offices"].items()},
        collective_words=words("agencies.collective.words"), collective_endings=words("offices.kinds"),
        generic_endings=words("offices.government") + words("offices.abbreviated"),
        generic_max=data["generic"]["max_length"],
        internal_endings=words("offices.internal") + words("offices.sections"),
        national_openings=words("places.national"))


@cache
def _provinces() -> dict[str, str]:
    """``province_names()``, built once: a name is looked up by every prefix of it."""
    return province_names()


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """Full province name -> the shortest name printed for it (浙江省 -> 浙江)."""
    shortest: dict[str, str] = {}
    for printed, full in province_names().items():
        if full not in shortest or len(printed) < len(shortest[full]):
            shortest[full] = printed
    return shortest


@dataclass(frozen=True)
class PlanContext:
    """What a plan tells about the bodies it names: its region and who issued it."""

    region: str | None = None
    issuer: str | None = None

    @property
    def national(self) -> bool:
        return self.region == NATIONAL

    @property
    def region_key(self) -> str | None:
        return key(self.region) if self.region else None

    def own_levels(self) -> tuple[str, ...]:
        """The level words this plan's own bodies are printed with (省 for 浙江省)."""
        region = self.region_key
        if not region or self.national:
            return ()
        return next((levels for ending, levels in _own_levels() if region.endswith(ending)), ())


def is_collective(name: str) -> bool:
    """各有关部门, 各市, 相关部门, 联席会议有关成员单位: a group of bodies, not one."""
    t = table()
    folded = key(name)
    return (any(w in folded for w in t.collective_words) or folded.endswith(t.collective_endings)
            or folded in ("单位", "部门"))


def _fill(template: str, region: str) -> str:
    """A [local] canonical name placed in a region: after its name, or ``{short}`` replaced."""
    if "{short}" in template:
        return template.replace("{short}", _short_names().get(region, region))
    return region + template


def _local_body(rest: str) -> str | None:
    return table().local.get(rest)


def _at_level(level: str, rest: str, ctx: PlanContext) -> str | None:
    """``省…``/``市…``: the region's own body, or (a lower level) all such bodies: None."""
    if not rest:
        return None
    region = ctx.region_key
    if region is None:  # the level is all that is known: keep it
        return _fill(_local_body(rest) or rest, level)
    if level not in ctx.own_levels():
        return None
    return _fill(_local_body(rest) or rest, region)


def _province_prefix(name: str) -> tuple[str, str, str] | None:
    """``广东省林业厅`` -> (广东省, 广东省, 林业厅); ``新疆知识产权局`` -> (新疆, 新疆维吾尔自治区, …)."""
    names = _provinces()
    for size in range(min(len(name), 8), 1, -1):
        full = names.get(name[:size])
        if full:
            return name[:size], full, name[size:]
    return None


def _in_province(printed: str, full: str, rest: str) -> str:
    if not rest:
        return full
    body = _local_body(rest)
    if body:
        return _fill(body, full)
    return full + rest if _generic_local(rest) else printed + rest


def _generic_local(name: str) -> bool:
    """A bare name that ends like a local body and holds nothing that looks like a place."""
    t = table()
    if len(name) > t.generic_max or not name.endswith(t.generic_endings):
        return False
    # 乌鲁木齐知识产权局: a known body (of three characters or more) after a word ipwork cannot
    # place; the name's own endings are looked up, not every known body.
    return not any(name[start:] in t.local for start in range(1, len(name) - 2))


@lru_cache(maxsize=256)
def _issuer(ctx: PlanContext) -> str | None:
    return canonical_name(ctx.issuer, PlanContext(ctx.region)) if ctx.issuer else None


def _office_unit(name: str, ctx: PlanContext) -> str | None:
    """An internal department of a national office: the issuer's, or the office that has it."""
    offices = table().offices
    issuer = _issuer(ctx)
    ordered = ([issuer] if issuer in offices else []) + [o for o in offices if o != issuer]
    for office in ordered:
        unit = offices[office].get(name)
        if unit:
            return office + unit
    return None


def _issuer_unit(name: str, ctx: PlanContext) -> str | None:
    """条法司, 专利管理处 in a plan whose issuer is known: that issuer's department."""
    issuer = _issuer(ctx)
    return issuer + name if issuer and name.endswith(table().internal_endings) else None


def _bare(name: str, ctx: PlanContext) -> str:
    """A name printed without level or place."""
    t = table()
    if ctx.national:
        found = _office_unit(name, ctx) or t.national_short.get(name) or _issuer_unit(name, ctx)
        return found or name
    region = ctx.region_key
    if region is None:
        return name
    body = _local_body(name)
    if body:
        return _fill(body, region)
    if _generic_local(name):
        return region + name
    return _issuer_unit(name, ctx) or name


def _resolve(name: str, ctx: PlanContext, carried: str | None) -> str | None:
    t = table()
    if not name or is_collective(name):
        return None
    alias = _TRAILING_ALIAS.match(name)
    if alias:  # 新闻出版广电局（版权局）: the body named first, by its other name in brackets
        name = alias.group(1)
    if name in t.national:
        return t.national[name]
    level = _LEVEL.match(name)
    if level:
        return _at_level(level.group(0), name[level.end():], ctx)
    province = _province_prefix(name)
    if province:
        return _in_province(*province)
    if _CITY.match(name) or name.startswith(t.national_openings):
        return name
    if carried and (_local_body(name) or _generic_local(name)):
        return _at_level(carried, name, ctx)
    return _bare(name, ctx)


def canonical_name(name: str | None, ctx: PlanContext) -> str | None:
    """The canonical name of one body printed on its own."""
    return canonical_names([name], ctx)[0] if name else None


def canonical_names(names: list[str], ctx: PlanContext) -> list[str | None]:
    """The canonical name of each body of one cell or tag, in order.

    A level printed on a name carries to the bare names after it in the same cell:
    ``省信用办、知识产权局、工商局`` names three provincial bodies.
    """
    return list(_canonical_names(tuple(names), ctx))


@lru_cache(maxsize=1 << 14)
def _canonical_names(names: tuple[str, ...], ctx: PlanContext) -> tuple[str | None, ...]:
    out: list[str | None] = []
    carried: str | None = None
    for printed in names:
        name = key(printed)
        level = _LEVEL.match(name)
        if level and not is_collective(name):
            carried = level.group(0)
        found = _resolve(name, ctx, carried)
        out.append(fullwidth_punctuation(found) if found else None)
    return tuple(out)
