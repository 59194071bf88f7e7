"""Charts of the counts (stats --chart): what a reader of each file sees."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys

import pytest

from conftest import SAMPLES, run
from ipwork import charts

SAMPLE_FILES = sorted(str(p) for p in SAMPLES.glob("*.txt"))
COMPILATION = str(SAMPLES / "2017_provincial_compilation.txt")


def counts(*args: str) -> list[dict]:
    result = run("stats", *args, "-f", "jsonl")
    assert result.code == 0, result.stderr
    return result.jsonl()


def svg_texts(path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_bar_chart_svg_holds_every_region_name_as_text(tmp_path):
    chart = tmp_path / "regions.svg"
    result = run("stats", *SAMPLE_FILES, "--by", "region", "--chart", str(chart))
    assert result.code == 0, result.stderr
    regions = [row["region"] for row in counts(*SAMPLE_FILES, "--by", "region")]
    texts = svg_texts(chart)
    assert len(regions) == 32 and set(regions) <= set(texts)
    assert [t for t in texts if t in regions] == regions  # most items on top, as in the table


def test_a_heat_map_svg_names_the_regions_and_the_years(tmp_path):
    chart = tmp_path / "heat.svg"
    assert run("stats", *SAMPLE_FILES, "--by", "region,year", "--chart", str(chart)).code == 0
    rows = counts(*SAMPLE_FILES, "--by", "region,year")
    texts = set(svg_texts(chart))
    assert {r["region"] for r in rows} | {str(r["year"]) for r in rows} <= texts
    assert {str(r["items"]) for r in rows} <= texts  # each cell says its count


@pytest.mark.parametrize("by, size", [
    (["--by", "region"], lambda groups, years: charts.bar_size(groups)),
    (["--by", "region", "--by", "year"], lambda groups, years: charts.heat_map_size(groups, years)),
])
def test_a_png_has_the_size_of_its_groups_and_is_drawn(tmp_path, by, size):
    from PIL import Image

    chart = tmp_path / "chart.png"
    assert run("stats", *SAMPLE_FILES, *by, "--chart", str(chart)).code == 0
    regions = {r["region"] for r in counts(*SAMPLE_FILES, "--by", "region")}
    years = {r["year"] for r in counts(*SAMPLE_FILES, "--by", "year")}
    inches = size(len(regions), len(years))
    assert png_size(chart) == tuple(round(i * charts.PNG_DPI) for i in inches)
    image = Image.open(chart).convert("L")
    drawn = sum(1 for value in image.getdata() if value < 200)
    assert drawn > 0.03 * image.width * image.height


def test_many_groups_are_cut_to_those_with_the_most_items_and_the_run_says_so(tmp_path):
    chart = tmp_path / "agencies.html"
    result = run("stats", COMPILATION, "--by", "department", "--chart", str(chart))
    assert result.code == 0
    agencies = counts(COMPILATION, "--by", "department")
    assert len(agencies) > charts.MAX_BARS
    assert f"the chart shows the {charts.MAX_BARS} department groups with the most items of {len(agencies)}" \
        in result.stderr
    page = chart.read_text(encoding="utf-8")
    assert page.count("<tr><td>") == charts.MAX_BARS
    top = tmp_path / "top.html"
    result = run("stats", COMPILATION, "--by", "department", "--top", "12", "--chart", str(top))
    assert result.code == 0 and "the chart shows" not in result.stderr
    assert top.read_text(encoding="utf-8").count("<tr><td>") == 12


def test_a_heat_map_of_many_rows_keeps_those_with_the_most_items(tmp_path):
    chart = tmp_path / "heat.png"
    result = run("stats", COMPILATION, "--by", "department", "--by", "region", "--top", "20", "--chart", str(chart))
    assert result.code == 0, result.stderr
    regions = len(counts(COMPILATION, "--by", "region"))
    kept = min(regions, charts.MAX_COLUMNS)
    assert png_size(chart) == tuple(round(i * charts.PNG_DPI) for i in charts.heat_map_size(20, kept))
    assert f"{kept} of {regions} region" in result.stderr


@pytest.fixture
def hostile_records(tmp_path):
    """Records whose region is markup, as a hostile document could print it."""
    lines = run("parse", str(SAMPLES / "2013_cnipa_work_points.txt"), "-f", "jsonl").jsonl()
    for record in lines[:5]:
        record["region"] = "<script>alert(1)</script>&省"
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return str(path)


def test_text_from_a_document_is_escaped_in_the_html_page(tmp_path, hostile_records):
    chart = tmp_path / "chart.html"
    assert run("stats", hostile_records, "--by", "region", "--chart", str(chart)).code == 0
    page = chart.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;省" in page


def test_the_html_page_fetches_nothing(tmp_path):
    chart = tmp_path / "chart.html"
    assert run("stats", *SAMPLE_FILES, "--by", "region", "--chart", str(chart)).code == 0
    page = chart.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:|//)|@import|url\((?!#)|<script|<link""", page)


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed (apt-get install chromium)")
def test_the_html_chart_opens_from_disk_in_a_headless_browser(tmp_path):
    chart = tmp_path / "chart.html"
    assert run("stats", *SAMPLE_FILES, "--by", "region", "--chart", str(chart)).code == 0
    shown = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                            chart.as_uri()], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert "<svg" in dom and "四川省" in dom and "广西壮族自治区" in dom
    shot = tmp_path / "shot.png"
    taken = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=900,1200",
                            f"--screenshot={shot}", chart.as_uri()], capture_output=True, timeout=120)
    assert taken.returncode == 0 and png_size(shot) == (900, 1200)


def test_without_matplotlib_the_run_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    chart = tmp_path / "chart.svg"
    result = run("stats", COMPILATION, "--chart", str(chart))
    assert result.code == 2 and result.stdout == "" and not chart.exists()
    assert result.stderr.count("\n") == 1 and "pip install -e '.[charts]'" in result.stderr


def test_a_png_without_a_chinese_font_warns_in_one_line_and_an_svg_keeps_its_text(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "chinese_font", lambda: None)
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    result = run("stats", COMPILATION, "--chart", str(png), "-f", "csv")
    assert result.code == 0 and png.exists()
    assert [line for line in result.stderr.splitlines() if "font" in line] == [
        f"ipwork: {png}: no font that draws Chinese found (Debian: apt-get install fonts-noto-cjk); its labels "
        "may show as boxes (an .svg keeps them as text)"]
    result = run("stats", COMPILATION, "--chart", str(svg), "-f", "csv")
    assert result.code == 0 and "font" not in result.stderr and "广东省" in svg_texts(svg)


@pytest.mark.parametrize("args, words", [
    (["--chart", "chart.pdf"], "a chart is written as .svg, .png or .html"),
    (["--by", "region,year,layout", "--chart", "chart.svg"], "draws one grouping (bars) or two (a heat map)"),
])
def test_a_chart_it_cannot_draw_is_a_usage_error_before_anything_is_read(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = run("stats", str(tmp_path / "missing.txt"), *args)
    assert result.code == 2 and words in result.stderr and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_counts_nothing_leaves_the_chart_there_as_it_was(tmp_path):
    chart = tmp_path / "chart.svg"
    chart.write_text("an earlier chart", encoding="utf-8")
    result = run("stats", str(tmp_path / "missing.txt"), "--chart", str(chart))
    assert result.code == 2 and chart.read_text(encoding="utf-8") == "an earlier chart"


def test_the_same_counts_draw_the_same_svg(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for chart in (first, second):
        assert run("stats", COMPILATION, "--by", "region", "--chart", str(chart)).code == 0
    assert first.read_bytes() == second.read_bytes()
