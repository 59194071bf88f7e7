"""Charts of ``ipwork stats`` (``--chart FILE``): bars for one grouping, a heat map for two.

Drawn with matplotlib (the ``charts`` extra) as SVG, PNG, or an HTML page holding the SVG
inline with its styles (no script, nothing fetched).  Labels are Chinese: the first font
matplotlib's font manager knows that covers Chinese (Noto CJK, Source Han, WenQuanYi…) is
used.  SVG keeps its text as text (``svg.fonttype: none``), so it shows Chinese wherever the
viewer has a Chinese font, even when none was found here; a PNG drawn without one would show
boxes, and the run says so in one line.

Many groups stay readable: bars are one line each, a heat map's cells have a fixed size, and
past ``MAX_BARS`` bars (``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns of a heat map) only the
groups with the most items are drawn, unless ``--top`` says how many.
"""
from __future__ import annotations

import html
import io
from collections import Counter
from typing import TYPE_CHECKING

from ipwork.errors import NotInstalled, OutputError

if TYPE_CHECKING:
    from ipwork.stats import Tally

CHART_FORMATS = (".svg", ".png", ".html")
MAX_BARS = 40
MAX_ROWS = 40
MAX_COLUMNS = 30
PNG_DPI = 150
WIDTH = 8.0  # inches, of a bar chart
BAR = 0.28  # inches a bar takes
CELL_WIDTH, CELL_HEIGHT = 0.55, 0.3  # inches, of a heat map's cell
MARGIN = 1.4  # inches above and below for the title and the axis
# Families that draw Chinese, best first; then any family the font manager knows whose name says CJK.
CHINESE_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK JP",
                 "Noto Sans CJK TC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
                 "SimHei", "Heiti SC", "Droid Sans Fallback", "Noto Serif CJK SC", "AR PL UMing CN")
INSTALL = "pip install 'ipwork[charts]' (in a checkout: pip install -e '.[charts]')"
NONE_LABEL = "—"


def chart_format(path: str) -> str | None:
    """``.svg``, ``.png`` or ``.html``, by the file's extension; None for any other."""
    return next((ext for ext in CHART_FORMATS if path.lower().endswith(ext)), None)


def require_matplotlib() -> None:
    """One line naming the install command when the charts extra is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise NotInstalled(f"--chart needs matplotlib: {INSTALL}") from None


def chinese_font() -> str | None:
    """The family name of a font that draws Chinese, if matplotlib's font manager knows one."""
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    found = next((name for name in CHINESE_FONTS if name in known), None)
    return found or next((name for name in sorted(known) if "CJK" in name), None)


def _label(value) -> str:
    return NONE_LABEL if value is None else str(value)


def _style(font: str | None) -> dict:
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "svg.fonttype": "none",
            "axes.unicode_minus": False, "svg.hashsalt": "ipwork"}  # the same counts draw the same file


def bar_size(bars: int) -> tuple[float, float]:
    """Inches of a bar chart of ``bars`` bars."""
    return WIDTH, MARGIN + BAR * max(bars, 3)


def heat_map_size(rows: int, columns: int) -> tuple[float, float]:
    """Inches of a heat map of ``rows`` x ``columns`` cells (room for labels and the colour bar)."""
    return 3.5 + CELL_WIDTH * max(columns, 4), MARGIN + CELL_HEIGHT * max(rows, 3)


def _bars(figure, tally: Tally, rows: list[dict]) -> None:
    by = tally.by[0]
    axes = figure.add_subplot()
    labels = [_label(row[by]) for row in rows]
    counts = [row["items"] for row in rows]
    positions = range(len(rows))
    axes.barh(positions, counts, color="#4477aa")
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()  # the first group on top, as in the table
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlabel("items")
    for position, count in zip(positions, counts):
        axes.annotate(str(count), (count, position), xytext=(3, 0), textcoords="offset points", va="center",
                      fontsize=8)
    axes.margins(x=0.08)
    axes.spines[["top", "right"]].set_visible(False)


def _heat_map(figure, tally: Tally, keys: list, columns: list, counts: dict) -> None:
    grid = [[counts.get((key, column), 0) for column in columns] for key in keys]
    axes = figure.add_subplot()
    image = axes.imshow(grid, aspect="auto", cmap="Blues", vmin=0)
    axes.set_xticks(range(len(columns)), [_label(c) for c in columns], rotation=45 if len(columns) > 8 else 0,
                    ha="right" if len(columns) > 8 else "center")
    axes.set_yticks(range(len(keys)), [_label(k) for k in keys])
    axes.set_xlabel(tally.by[1])
    axes.set_ylabel(tally.by[0])
    axes.tick_params(length=0)
    darkest = max(map(max, grid)) or 1
    for row, cells in enumerate(grid):
        for col, count in enumerate(cells):
            if count:
                axes.text(col, row, str(count), ha="center", va="center", fontsize=7,
                          color="white" if count > darkest * 0.6 else "#222222")
    figure.colorbar(image, ax=axes, label="items", shrink=0.6, aspect=30)


def _bar_rows(tally: Tally, sort: str, top: int | None) -> list[dict]:
    """The groups ``--top`` asks for; without it, at most ``MAX_BARS``, those with the most items."""
    if top or len(tally.groups) <= MAX_BARS:
        return tally.rows(sort, top)
    rows = tally.rows("items", MAX_BARS)
    return sorted(rows, key=lambda row: _by_name(row[tally.by[0]])) if sort == "name" else rows


def _heat_map_cells(tally: Tally, sort: str, top: int | None) -> tuple[list, list, dict, int, int]:
    """The rows (first grouping) and columns (second) to draw, their counts, and how many of
    each there are in all: rows by ``sort`` (most items first, or by name), columns by name
    (years in order); past the limits, those with the most items."""
    counts = {key: group.items for key, group in tally.groups.items()}
    row_items, column_items = Counter(), Counter()
    for (first, second), items in counts.items():
        row_items[first] += items
        column_items[second] += items
    keys = _most(row_items, top or MAX_ROWS)
    if sort == "name":
        keys = sorted(keys, key=_by_name)
    columns = sorted(_most(column_items, MAX_COLUMNS), key=_by_name)
    return keys, columns, counts, len(row_items), len(column_items)


def _most(items: Counter, limit: int) -> list:
    return [value for value, _ in sorted(items.items(), key=lambda pair: (-pair[1], _by_name(pair[0])))[:limit]]


def _by_name(value) -> tuple:
    return (value is None, value if value is not None else "")


def draw(tally: Tally, sort: str, top: int | None, fmt: str) -> tuple[bytes, list[str]]:
    """The chart of ``tally`` as the bytes of an SVG, PNG or HTML file, and what the user should
    know about it (groups left out, no Chinese font)."""
    import warnings

    import matplotlib
    from matplotlib.figure import Figure

    notices = []
    font = chinese_font()
    if not font and fmt == ".png":
        notices.append("no font that draws Chinese found (Debian: apt-get install fonts-noto-cjk); "
                       "its labels may show as boxes (an .svg keeps them as text)")
    title = tally.describe()
    with matplotlib.rc_context(_style(font)), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a glyph missing from the font: said once, above
        if len(tally.by) == 1:
            rows = _bar_rows(tally, sort, top)
            if len(rows) < len(tally.groups) and not top:
                notices.append(f"the chart shows the {len(rows)} {tally.by[0]} groups with the most items of "
                               f"{len(tally.groups)} (--top N to choose)")
            figure = Figure(figsize=bar_size(len(rows)), layout="constrained")
            _bars(figure, tally, rows)
            table = [(_label(row[tally.by[0]]), row["items"]) for row in rows]
            header = (tally.by[0], "items")
        else:
            keys, columns, counts, all_rows, all_columns = _heat_map_cells(tally, sort, top)
            if (not top and all_rows > len(keys)) or all_columns > len(columns):
                notices.append(f"the chart shows {len(keys)} of {all_rows} {tally.by[0]} and {len(columns)} of "
                               f"{all_columns} {tally.by[1]} groups, those with the most items (--top N to choose)")
            figure = Figure(figsize=heat_map_size(len(keys), len(columns)), layout="constrained")
            _heat_map(figure, tally, keys, columns, counts)
            table = [(f"{_label(k)} {_label(c)}", counts[(k, c)]) for k in keys for c in columns if (k, c) in counts]
            header = (" ".join(tally.by), "items")
        figure.suptitle(title)
        image = io.BytesIO()
        figure.savefig(image, format="png" if fmt == ".png" else "svg", dpi=PNG_DPI,
                       metadata={"Software": None} if fmt == ".png" else {"Date": None})
    if fmt == ".html":
        return html_page(title, image.getvalue().decode("utf-8"), header, table).encode("utf-8"), notices
    return image.getvalue(), notices


_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em; color: #222; }}
figure {{ margin: 0; }}
figure svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>
</head>
<body>
<figure>
{svg}
</figure>
<details>
<summary>the counts</summary>
<table>
<tr><th>{group}</th><th>{items}</th></tr>
{rows}
</table>
</details>
</body>
</html>
"""


def html_page(title: str, svg: str, header: tuple[str, str], table: list[tuple[str, int]]) -> str:
    """A page that shows the SVG chart and its counts with nothing fetched; every text escaped."""
    inline = svg[svg.index("<svg"):]  # without the XML declaration and doctype of a file
    rows = "\n".join(f"<tr><td>{html.escape(label)}</td><td class=\"n\">{count}</td></tr>" for label, count in table)
    return _PAGE.format(title=html.escape(title), svg=inline, group=html.escape(header[0]),
                        items=html.escape(header[1]), rows=rows)


def write_chart(tally: Tally, sort: str, top: int | None, path: str) -> list[str]:
    """Draw the chart into ``path`` (whole or not at all); returns the notices for the user."""
    from ipwork.output import open_binary_output

    data, notices = draw(tally, sort, top, chart_format(path))
    with open_binary_output(path, "a chart") as out:
        try:
            out.stream.write(data)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", file=path) from None
        out.keep = True
    return [f"{path}: {notice}" for notice in notices]
