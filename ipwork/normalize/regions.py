"""Province-level regions of China and how titles name them."""
from __future__ import annotations

from collections.abc import Iterable

import regex

from ipwork.normalize.chars import fold, to_traditional
from ipwork.normalize.gazetteer import Mention, Place, find_places, lookup
from ipwork.normalize.numerals import YEAR

NATIONAL = "全国"
PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    "新疆生产建设兵团", "香港特别行政区", "澳门特别行政区", "台湾省",
)
_SHORT = {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
          "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "兵团": "新疆生产建设兵团",
          "香港": "香港特别行政区", "澳门": "澳门特别行政区"}
_SHORT.update({p[:-1]: p for p in PROVINCES if p[-1] in "省市" and len(p) <= 4})
_NATIONAL_HINTS = ("国家知识产权局", "国家知识产权战略", "全国", "国务院", "国家")
_CITY = regex.compile(r"^(\p{Han}{2,4}?(?:市|州|盟|地区))(?!场|委|政府)")
# Characters of grammar, which no place name holds (全市, 落实局市… are no places).
FUNCTION_CHARACTERS = "全我本各该的了在和与及对将把从向"
# Plans of counties, districts and development zones open their titles with the place (荆门高新区
# 创建…, 某某县2022年…).
_LOCAL_AREA = regex.compile(r"^(\p{Han}{2,10}?(?:高新技术产业开发区|经济技术开发区|高新区|开发区|经开区|新区|县|区))")
# What a title says right after the place that issues it: its body, or what the place does.
AFTER_A_PLACE = "知识产权|人民政府|政府|市场监|创建|建设"
_AFTER_A_PLACE = regex.compile(rf"{AFTER_A_PLACE}|管委会|管理委员会|党工委|科技|关于|\d|[一二][〇○零]")
# The verbs a title of a task opens with (推进…, 加强…); no place's name holds them.
TITLE_VERBS = "推进|推动|加快|加强|强化|深化|促进|实施|建设"
# Words that open a title without naming a place: kinds of areas, national scope, verbs.
_NOT_A_PLACE = regex.compile(rf"关于|知识产权|示范|试验|先行|自治|国家|全国|中国|重点|产业|贫困|革命|城乡|社区|"
                             rf"{TITLE_VERBS}|[{FUNCTION_CHARACTERS}省市]")
# What may stand before the place a title or byline opens with: brackets, quotes, a year.
_LEADING = regex.compile(rf"^[\s《「“【\[（(]*(?:{YEAR}\s*年度?\s*)?")
# A title a text cites (《国家知识产权战略纲要》): what it names is not the text's own.
CITED_TITLE = regex.compile(r"《[^《》]*》")
_REGION_NAME = regex.compile(r"\p{Han}{2,8}(?:省|市|自治区|兵团|特别行政区)")


def _province_pattern() -> regex.Pattern:
    names = sorted(set(PROVINCES) | set(_SHORT), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, names)))


_PROVINCE = _province_pattern()


def province_in(text: str) -> str | None:
    """The first province-level region a text names, in its full form."""
    m = _PROVINCE.search(fold(text))
    if not m:
        return None
    printed = text[m.start():m.end()]
    full = _SHORT.get(m.group(0), m.group(0))
    # The printed characters are kept (廣東 stays traditional) where the short name begins the
    # full one; 兵团 does not begin 新疆生产建设兵团.
    return printed + full[len(printed):] if full.startswith(m.group(0)) else full


def region_in(text: str) -> str | None:
    """The place a text opens with (``浙江省衢州市…``: the most local, 衢州市; ``芦溪召开…``, a tag
    ``【湖北】``), printed in full; else the province it names, or the city or zone it opens with."""
    chain = places_opening(text)
    listed = _PROVINCE.match(fold(text), _LEADING.match(fold(text)).end())
    if chain and not (listed and listed.end() > chain[0].end):  # 新疆生产建设兵团 is no division
        return printed_in_full(min(chain, key=_depth))
    head = text.lstrip("《「“ 【")
    province = province_in(head)
    city = _city(fold(head)) or _local_area(fold(head))
    if city and (not province or not fold(head).startswith(fold(province)[:2])):
        return head[:city.end(1)]
    return province


_LEVELS = ("province", "prefecture", "county")


def _depth(mention: Mention) -> int:
    """Most local first: a county before its prefecture, a prefecture before its province."""
    return -max(_LEVELS.index(p.level) for p in mention.places)


def places_opening(text: str) -> list[Mention]:
    """The places a text opens with, printed one after another (``浙江省衢州市…``, ``2016年芦溪县…``,
    ``【衢州】…``): where a title or byline names who speaks."""
    start = _LEADING.match(fold(text)).end()
    chain: list[Mention] = []
    for mention in find_places(text):
        if mention.start != start:
            break
        chain.append(mention)
        start = mention.end + len(text[mention.end:]) - len(text[mention.end:].lstrip())
    return chain


def printed_in_full(mention: Mention) -> str:
    """A place as printed, completed where it was printed short (衢州 -> 衢州市, 連平 -> 連平縣,
    琼中 -> 琼中黎族苗族自治县), in the printed characters' script."""
    if mention.full:
        return mention.printed
    name = mention.places[0].name
    traditional = fold(mention.printed) != mention.printed
    folded = fold(mention.printed)
    if name.startswith(folded):
        rest = name[len(folded):]
        return mention.printed + (to_traditional(rest) if traditional else rest)
    return to_traditional(name) if traditional else name


def _city(folded: str) -> regex.Match | None:
    """A city's name a text opens with, not a kind of division (自治州 alone names none)."""
    m = _CITY.match(folded)
    return m if m and not _NOT_A_PLACE.search(m.group(1)[:-1]) else None


def _local_area(folded: str) -> regex.Match | None:
    """The district, county or zone a title opens with, followed by what a title says next (or
    by its province: 通州区江苏省知识产权保护示范区…)."""
    m = _LOCAL_AREA.match(folded)
    if not m or _NOT_A_PLACE.search(m.group(1)):
        return None
    return m if _AFTER_A_PLACE.match(folded, m.end()) or _PROVINCE.match(folded, m.end()) else None


def region_of_title(title: str, issuer: str | None = None) -> str | None:
    """``全国`` for national plans, else the place a plan's title names (``region_in``), or else
    its issuer's."""
    if region := region_in(title) or (issuer and region_in(issuer)):
        return region
    if _names_the_nation(title) or (issuer and _names_the_nation(issuer)):
        return NATIONAL
    return None


def _names_the_nation(text: str) -> bool:
    """A national body or the nation named outside the plans a text cites (《国家知识产权战略纲要》
    cited by a city's plan names no nation)."""
    folded = CITED_TITLE.sub("", fold(text))
    return any(h in folded for h in _NATIONAL_HINTS)


def is_region_name(text: str) -> bool:
    """A province-level name as printed in full (used for compilation headings)."""
    folded = fold(text)
    return folded in PROVINCES or bool(_REGION_NAME.fullmatch(folded))


def province_names() -> dict[str, str]:
    """Every printed form of a province-level region, full or short (``浙江``, ``兵团``) -> its full name."""
    return {**{p: p for p in PROVINCES}, **_SHORT}


def place_fields(region: str | None, context: Iterable[str] = ()) -> dict:
    """A plan's ``region_code``, ``province`` and ``region_level`` from its region: the place the
    gazetteer knows by that name (a name several places bear settled by ``context``, codes of the
    provinces or prefectures the plan also names; unsettled, no code)."""
    if region is None:
        return dict(region_code=None, province=None, region_level=None)
    if fold(region) == NATIONAL:
        return dict(region_code=None, province=NATIONAL, region_level="national")
    places = lookup(region, context)
    if len(places) == 1:
        place = places[0]
        return dict(region_code=place.code, province=place.province, region_level=place.level)
    shared = {(p.province, p.level) for p in places}
    if len(shared) == 1:  # 鼓楼区 of two cities of one province
        (province, level), = shared
        return dict(region_code=None, province=province, region_level=level)
    province = province_in(region)
    full = _SHORT.get(fold(province), fold(province)) if province else None
    return dict(region_code=None, province=full, region_level="province" if full and not places else None)


def places_named(region: str, context: Iterable[str] = ()) -> tuple[Place, ...]:
    """Every place a region's name may denote in its context (several for 朝阳区 alone)."""
    return lookup(region, context) if fold(region) != NATIONAL else ()


def context_of(text: str) -> list[str]:
    """The codes of the places a text names that settle a name several places bear: those it
    opens with (长春市朝阳区: 长春市's), and a province it names."""
    codes = [m.place.code for m in places_opening(text) if m.place]
    if (province := province_in(text)) and (found := lookup(province)):
        codes.append(found[0].code)
    return codes
