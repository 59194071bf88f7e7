"""Province-level regions of China and how titles name them."""
from __future__ import annotations

import regex

from ipwork.normalize.chars import fold

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
    """The province a text names, or the city it opens with (``深圳市…``, a tag ``【湖北】``)."""
    head = text.lstrip("《「“ 【")
    province = province_in(head)
    city = _CITY.match(fold(head)) or _local_area(fold(head))
    if city and (not province or not fold(head).startswith(fold(province)[:2])):
        return head[:city.end(1)]
    return province


def _local_area(folded: str) -> regex.Match | None:
    """The district, county or zone a title opens with, followed by what a title says next (or
    by its province: 通州区江苏省知识产权保护示范区…)."""
    m = _LOCAL_AREA.match(folded)
    if not m or _NOT_A_PLACE.search(m.group(1)):
        return None
    return m if _AFTER_A_PLACE.match(folded, m.end()) or _PROVINCE.match(folded, m.end()) else None


def region_of_title(title: str, issuer: str | None = None) -> str | None:
    """``全国`` for national plans, else the province (or city) a plan's title names, or else
    its issuer's."""
    if region := region_in(title) or (issuer and region_in(issuer)):
        return region
    if any(h in fold(title) or (issuer and h in fold(issuer)) for h in _NATIONAL_HINTS):
        return NATIONAL
    return None


def is_region_name(text: str) -> bool:
    """A province-level name as printed in full (used for compilation headings)."""
    folded = fold(text)
    return folded in PROVINCES or bool(_REGION_NAME.fullmatch(folded))


def province_names() -> dict[str, str]:
    """Every printed form of a province-level region, full or short (``浙江``, ``兵团``) -> its full name."""
    return {**{p: p for p in PROVINCES}, **_SHORT}


def place_fields(region: str | None) -> dict:
    """A plan's ``region_code``, ``province`` and ``region_level`` from its region."""
    if region is None:
        return dict(region_code=None, province=None, region_level=None)
    if fold(region) == NATIONAL:
        return dict(region_code=None, province=NATIONAL, region_level="national")
    province = province_in(region)
    full = _SHORT.get(fold(province), fold(province)) if province else None
    level = "province" if province and fold(region) == fold(province) else "prefecture"
    return dict(region_code=None, province=full, region_level=level if full else None)
