"""Bad input: every file gets records or a clear error, never a traceback, and nothing is lost."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, run
from ipwork.errors import IpworkError
from ipwork.parsers import LAYOUTS
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText, read_bytes
from ipwork.readers.source import split_lines

SAMPLE_TEXT = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
SMALL = {k: v for k, v in SAMPLE_TEXT.items() if len(v) < 30000}
# The compilation is long: its mutations use a slice of a few regions.
SMALL["compilation_slice"] = "\n".join(SAMPLE_TEXT["2017_provincial_compilation.txt"].split("\n")[:260])
ENCODINGS = {"utf-8": lambda t: t.encode("utf-8"), "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
             "gb18030": lambda t: t.encode("gb18030"), "utf-16-le": lambda t: t.encode("utf-16"),
             "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")}


@pytest.mark.parametrize("name", sorted(SAMPLE_TEXT))
def test_same_document_in_every_encoding_gives_identical_jsonl(tmp_path, monkeypatch, name):
    outputs = set()
    for label, encode in ENCODINGS.items():
        folder = tmp_path / label
        folder.mkdir()
        (folder / name).write_bytes(encode(SAMPLE_TEXT[name]))
        monkeypatch.chdir(folder)
        result = run("parse", name, "-f", "jsonl")
        assert result.code == 0, (label, result.stderr)
        outputs.add(result.stdout)
    assert len(outputs) == 1


def parse_text(text: str, layout: str | None = None) -> list:
    return list(parse_source(SourceText.from_text("m.txt", text), Options(layout=layout)))


def _drop(lines, i):
    return lines[:i] + lines[i + 1:]


def _dup(lines, i):
    return lines[:i + 1] + lines[i:]


MUTATIONS = {
    "drop": lambda lines, i, r: _drop(lines, i),
    "duplicate": lambda lines, i, r: _dup(lines, i),
    "swap": lambda lines, i, r: lines[:i] + lines[i + 1:i + 2] + lines[i:i + 1] + lines[i + 2:],
    "truncate": lambda lines, i, r: lines[:i] + [lines[i][: len(lines[i]) // 2]] if lines else lines,
    "halfwidth": lambda lines, i, r: [l.translate(str.maketrans("，；：（）", ",;:()")) for l in lines],
    "fullwidth": lambda lines, i, r: [l.translate(str.maketrans(",;:()", "，；：（）")) for l in lines],
    "garbage": lambda lines, i, r: lines[:i] + [lines[i][:5] + r + lines[i][5:]] + lines[i + 1:] if lines else lines,
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(sorted(SMALL)), mutation=st.sampled_from(sorted(MUTATIONS)),
       where=st.floats(0, 1), noise=st.text(min_size=1, max_size=12))
def test_mutated_documents_never_crash(sample, mutation, where, noise):
    lines = SMALL[sample].split("\n")
    i = min(len(lines) - 1, int(where * len(lines)))
    mutated = "\n".join(MUTATIONS[mutation](lines, i, noise))
    try:
        docs = parse_text(mutated)
    except IpworkError:
        return  # a clear refusal is an allowed outcome
    nonblank = {n for n, t in enumerate(split_lines(mutated), 1) if t.strip()}
    seen = {n for d in docs for it in d.items for n in it.source.lines}
    seen |= {m.line for d in docs for m in d.metadata_lines} | {u.line for d in docs for u in d.unparsed}
    assert nonblank <= seen


@settings(max_examples=40, deadline=None)
@given(data=st.binary(min_size=0, max_size=400))
def test_random_bytes_give_records_or_a_clear_error(data):
    try:
        src = read_bytes(data, "r.bin")
        for layout in LAYOUTS:
            list(parse_source(src, Options(layout=layout)))
    except IpworkError as e:
        assert str(e).startswith("r.bin: ") and "\n" not in str(e)


@settings(max_examples=30, deadline=None)
@given(text=st.text(max_size=300))
def test_every_sniffer_returns_a_score_and_never_raises(text):
    src = SourceText.from_text("t.txt", text)
    for layout in LAYOUTS.values():
        score = layout.sniff(src)
        assert isinstance(score, float) and 0.0 <= score <= 1.0


@pytest.mark.parametrize("name", sorted(SAMPLE_TEXT))
def test_unchanged_documents_always_give_the_same_output(name):
    text = SAMPLE_TEXT[name]
    first = [d.model_dump_json() for d in parse_text(text)]
    assert first == [d.model_dump_json() for d in parse_text(text)]


def test_every_layout_declares_its_metadata_and_parses_its_example():
    for name, layout in LAYOUTS.items():
        assert layout.name == name and layout.title and layout.description and layout.example
        example = layout.example.split()[2]
        docs = list(parse_source(SourceText.from_text(example, (SAMPLES.parent / example).read_text(encoding="utf-8")),
                                 Options(layout=name)))
        assert docs and all(d.items for d in docs)
