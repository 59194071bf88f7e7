"""Canonical agencies: one name per body whatever the printing, on hand-made cells and the samples."""
from __future__ import annotations

import tomllib
from collections import Counter, defaultdict

import pytest

from conftest import ROOT, SAMPLES
from ipwork.normalize.agencies import DATA, PlanContext, canonical_name, canonical_names, is_collective, key
from ipwork.normalize.chars import to_simplified
from ipwork.pipeline import parse_file

ZHEJIANG, BEIJING, NATIONAL = PlanContext("浙江省"), PlanContext("北京市"), PlanContext("全国")
CNIPA = PlanContext("全国", "国家知识产权局")


@pytest.mark.parametrize("ctx, printed, canonical", [
    (ZHEJIANG, "省知识产权局", "浙江省知识产权局"),
    (ZHEJIANG, "知识产权局", "浙江省知识产权局"),
    (ZHEJIANG, "省知識產權局", "浙江省知识产权局"),
    (ZHEJIANG, "工商局", "浙江省工商行政管理局"),
    (ZHEJIANG, "省工商管理局", "浙江省工商行政管理局"),
    (ZHEJIANG, "发改委", "浙江省发展和改革委员会"),
    (ZHEJIANG, "省发展改革委", "浙江省发展和改革委员会"),
    (ZHEJIANG, "质监局", "浙江省质量技术监督局"),
    (ZHEJIANG, "科技厅", "浙江省科学技术厅"),
    (ZHEJIANG, "公安厅", "浙江省公安厅"),
    (ZHEJIANG, "版权局", "浙江省版权局"),
    (ZHEJIANG, "法院", "浙江省高级人民法院"),
    (ZHEJIANG, "省高院", "浙江省高级人民法院"),
    (ZHEJIANG, "检察院", "浙江省人民检察院"),
    (ZHEJIANG, "省委编办", "浙江省机构编制委员会办公室"),
    (ZHEJIANG, "银监局", "浙江银监局"),
    (ZHEJIANG, "新闻出版广电局（版权局）", "浙江省新闻出版广电局"),
    (ZHEJIANG, "“双打”办", "浙江省打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室"),
    (ZHEJIANG, "海关", "海关总署"),
    (ZHEJIANG, "杭州海关", "杭州海关"),
    (ZHEJIANG, "宁波市知识产权局", "宁波市知识产权局"),
    (ZHEJIANG, "人行杭州支行", "人行杭州支行"),
    (ZHEJIANG, "国家知识产权局专利局杭州代办处", "国家知识产权局专利局杭州代办处"),
    (ZHEJIANG, "国家发展改革委", "国家发展和改革委员会"),
    (BEIJING, "市知识产权局", "北京市知识产权局"),
    (BEIJING, "知识产权局", "北京市知识产权局"),
    (BEIJING, "市委宣传部", "北京市委宣传部"),
    (BEIJING, "中关村管委会", "北京市中关村管委会"),
    (BEIJING, "北京知识产权法院", "北京知识产权法院"),
    (PlanContext("天津市"), "市场监管委", "天津市市场和质量监督管理委员会"),
    (PlanContext("天津市"), "市市场监管委", "天津市市场和质量监督管理委员会"),
    (PlanContext("天津市"), "天津检验检疫局", "天津出入境检验检疫局"),
    (PlanContext("广西壮族自治区"), "自治区知识产权局", "广西壮族自治区知识产权局"),
    (PlanContext("广西壮族自治区"), "区知识产权局", "广西壮族自治区知识产权局"),
    (PlanContext("新疆维吾尔自治区"), "新疆知识产权局", "新疆维吾尔自治区知识产权局"),
    (PlanContext("新疆维吾尔自治区"), "乌鲁木齐知识产权局", "乌鲁木齐知识产权局"),
    (PlanContext("新疆生产建设兵团"), "兵团知识产权局", "新疆生产建设兵团知识产权局"),
    (PlanContext("新疆生产建设兵团"), "兵团财务局", "新疆生产建设兵团财务局"),
    (PlanContext("新疆生产建设兵团"), "财务局", "新疆生产建设兵团财务局"),
    (PlanContext("深圳市"), "市市场监管局", "深圳市市场监督管理局"),
    (NATIONAL, "管理司", "国家知识产权局专利管理司"),
    (NATIONAL, "条法司", "国家知识产权局条法司"),
    (NATIONAL, "协调司", "国家知识产权局保护协调司"),
    (NATIONAL, "规划司", "国家知识产权局规划发展司"),
    (NATIONAL, "审业部", "国家知识产权局专利局审查业务管理部"),
    (NATIONAL, "協調司", "国家知识产权局保护协调司"),
    (NATIONAL, "发改委", "国家发展和改革委员会"),
    (NATIONAL, "发展改革委", "国家发展和改革委员会"),
    (NATIONAL, "国家发展改革委", "国家发展和改革委员会"),
    (NATIONAL, "知识产权局", "国家知识产权局"),
    (NATIONAL, "工商总局", "国家工商行政管理总局"),
    (NATIONAL, "高法院", "最高人民法院"),
    (NATIONAL, "海关", "海关总署"),
    (CNIPA, "专利管理司", "国家知识产权局专利管理司"),
    (CNIPA, "办公室", "国家知识产权局办公室"),
    (CNIPA, "代理人协会", "中华全国专利代理人协会"),
    (PlanContext("全国", "某某部"), "政策法规司", "某某部政策法规司"),
    (PlanContext(None), "省知识产权局", "省知识产权局"),
    (PlanContext(None), "省工商局", "省工商行政管理局"),
])
def test_canonical_name(ctx, printed, canonical):
    assert canonical_name(printed, ctx) == canonical


@pytest.mark.parametrize("ctx, printed", [
    (ZHEJIANG, "各有关部门"), (ZHEJIANG, "各市"), (ZHEJIANG, "各地"), (ZHEJIANG, "相关部门"),
    (ZHEJIANG, "有关部门"), (ZHEJIANG, "省有关部门"), (ZHEJIANG, "省直各有关部门"),
    (ZHEJIANG, "联席会议有关成员单位"), (ZHEJIANG, "成员单位"), (ZHEJIANG, "农业部门"),
    (ZHEJIANG, "省、市组织部门"), (ZHEJIANG, "各设区市政府"), (ZHEJIANG, "各級知識產權職能部門"),
    # a lower level without its place: every city's office, not one body
    (ZHEJIANG, "市知识产权局"), (BEIJING, "区知识产权局"), (NATIONAL, "省知识产权局"),
])
def test_collective_words_and_lower_levels_have_no_canonical_name(ctx, printed):
    assert canonical_name(printed, ctx) is None


def test_a_level_carries_to_the_bare_names_after_it_in_one_cell():
    assert canonical_names(["省信用办", "知识产权局", "工商局", "食品药品监督管理局"], PlanContext(None)) == [
        "省信用办", "省知识产权局", "省工商行政管理局", "省食品药品监督管理局"]
    # in a national plan, 省… and the bare names after it are the provinces' bodies: none is one agency
    assert canonical_names(["省知识产权局", "工商局"], NATIONAL) == [None, None]
    assert canonical_names(["工商局"], NATIONAL) == ["工商局"]


def test_a_carried_level_does_not_claim_a_name_it_cannot_place():
    assert canonical_names(["自治区知识产权局", "乌鲁木齐知识产权局"], PlanContext("新疆维吾尔自治区")) == [
        "新疆维吾尔自治区知识产权局", "乌鲁木齐知识产权局"]


def test_is_collective():
    assert is_collective("各有关部门") and is_collective("其他各相关部门") and not is_collective("省知识产权局")


# The curated table


def _table() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@pytest.mark.parametrize("section", ["national", "national_short", "local", "offices.国家知识产权局"])
def test_no_short_name_is_claimed_by_two_entries_of_one_table(section):
    entries = _table()
    for part in section.split("."):
        entries = entries[part]
    claimed = defaultdict(set)
    for canonical, others in entries.items():
        for name in (canonical.replace("{short}", ""), *others):
            claimed[key(name)].add(canonical)
    assert {name: owners for name, owners in claimed.items() if len(owners) > 1} == {}


def test_canonical_names_in_the_table_are_simplified():
    data = _table()
    names = [*data["national"], *data["national_short"], *data["local"], *data["offices"]["国家知识产权局"]]
    assert [n for n in names if to_simplified(n) != n] == []


def test_the_table_installs_with_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.toml" in project["tool"]["setuptools"]["package-data"]["ipwork.vocabulary"]
    assert DATA.parent.name == "vocabulary"


# On the samples


@pytest.fixture(scope="module")
def compilation():
    return {doc.region: doc for doc in parse_file(str(SAMPLES / "2017_provincial_compilation.txt"))}


def _agencies(doc) -> Counter:
    return Counter((r.name, r.canonical) for item in doc.items for r in item.department_roles)


def test_printed_variants_of_one_office_share_its_name(compilation):
    zhejiang = _agencies(compilation["浙江省"])
    assert zhejiang[("省知识产权局", "浙江省知识产权局")] > 0 and zhejiang[("知识产权局", "浙江省知识产权局")] > 0
    assert {c for (n, c) in zhejiang if n in ("工商局", "省工商局")} == {"浙江省工商行政管理局"}
    beijing = _agencies(compilation["北京市"])
    assert {c for (n, c) in beijing if n == "市知识产权局"} == {"北京市知识产权局"}


def test_every_canonical_name_of_a_provincial_plan_is_placed(compilation):
    """A canonical name opens with the plan's region (or its short name: 天津出入境检验检疫局) or is a
    central body's, else it is the name as printed (杭州海关)."""
    national = {key(n) for n in _table()["national"]}
    for region, doc in compilation.items():
        for (printed, canonical) in _agencies(doc):
            if canonical is None or canonical.startswith(region[:2]) or canonical in national:
                continue
            assert canonical == key(printed), (region, printed, canonical)


def test_collective_words_in_the_samples_have_no_name(compilation):
    collective = [(n, c) for doc in compilation.values() for (n, c) in _agencies(doc)
                  if n.startswith("各") or "有关" in n or "相关" in n or n.endswith("成员单位")]
    assert len(collective) > 10 and {c for _, c in collective} == {None}


def test_the_printed_name_stays_as_printed(compilation):
    for doc in compilation.values():
        for item in doc.items:
            assert [r.name for r in item.department_roles] == item.departments


def test_national_plans_of_two_years_name_cnipa_departments_alike():
    """2013 prints 专利管理司, the 2017 task table 管理司: one department."""
    def names(sample):
        return {(r.name, r.canonical) for d in parse_file(str(SAMPLES / sample)) for i in d.items
                for r in i.department_roles}
    old, new = names("2013_cnipa_work_points.txt"), names("2017_national_patent_tasks.txt")
    assert ("专利管理司", "国家知识产权局专利管理司") in old and ("管理司", "国家知识产权局专利管理司") in new
    assert ("保护协调司", "国家知识产权局保护协调司") in old and ("协调司", "国家知识产权局保护协调司") in new
    assert all(c and c.startswith("国家知识产权局") for _, c in new)


def test_traditional_print_gives_the_same_canonical_names(tmp_path):
    import opencc

    source = SAMPLES / "2017_national_patent_tasks.txt"
    traditional = tmp_path / "tasks_traditional.txt"
    traditional.write_text(opencc.OpenCC("s2t").convert(source.read_text(encoding="utf-8")), encoding="utf-8")

    def canonical(path):
        return [[r.canonical for r in i.department_roles] for d in parse_file(str(path)) for i in d.items]
    printed = [[r.name for r in i.department_roles] for d in parse_file(str(traditional)) for i in d.items]
    assert canonical(traditional) == canonical(source)
    assert any("協調司" in names for names in printed)
