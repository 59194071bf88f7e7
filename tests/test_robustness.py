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
        assert str(e).startswith("r.bin:") and "\n" not in str(e)


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


# A short plan in each encoding a download may be cut in, with a character outside the BMP
# (four bytes in UTF-8, GB18030 and UTF-16) where the encoding has one.
SHORT_SIMPLIFIED = "国家知识产权局2013年工作要点\n一、加强保护\n1.推进执法。（条法司）\n2.完善𠀀制度。（保护司）\n"
SHORT_TRADITIONAL = "國家知識產權局2013年工作要點\n一、加強保護\n1.推進執法。（條法司）\n2.完善審查制度。（保護司）\n"
CUT_ENCODINGS = {
    "utf-8": (SHORT_SIMPLIFIED, lambda t: t.encode("utf-8")),
    "utf-8-bom": (SHORT_SIMPLIFIED, lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    "gb18030": (SHORT_SIMPLIFIED, lambda t: t.encode("gb18030")),
    "gbk": (SHORT_SIMPLIFIED.replace("𠀀", "审查"), lambda t: t.encode("gbk")),
    "big5": (SHORT_TRADITIONAL, lambda t: t.encode("big5")),
    "utf-16-bom": (SHORT_SIMPLIFIED, lambda t: t.encode("utf-16")),
    "utf-16-le": (SHORT_SIMPLIFIED, lambda t: t.encode("utf-16-le")),
    "utf-16-be": (SHORT_SIMPLIFIED, lambda t: t.encode("utf-16-be")),
}


def _whole_characters(text: str, encode, size: int) -> str:
    """The longest start of ``text`` whose encoding fits in ``size`` bytes."""
    return text[:max((k for k in range(len(text) + 1) if len(encode(text[:k])) <= size), default=0)]


def _outcome(read) -> list[dict] | str:
    """The documents (without their warnings) that parsing gives, or the one-line refusal."""
    try:
        return [d.model_dump(exclude={"warnings"}) for d in parse_source(read())]
    except IpworkError as e:
        assert "\n" not in str(e)
        return "refused"


@pytest.mark.parametrize("label", sorted(CUT_ENCODINGS))
def test_a_file_cut_at_any_byte_parses_as_its_whole_characters_with_a_warning(label):
    text, encode = CUT_ENCODINGS[label]
    data = encode(text)
    for size in range(len(data) + 1):
        kept = _whole_characters(text, encode, size)
        got = _outcome(lambda: read_bytes(data[:size], "cut.txt"))
        assert got == _outcome(lambda: SourceText.from_text("cut.txt", kept)), size
        if got == "refused":
            continue
        cut = size != len(encode(kept)) and size > len(encode(""))  # a lone BOM is no character
        warned = [w for d in parse_source(read_bytes(data[:size], "cut.txt")) for w in d.warnings
                  if w.code == "truncated"]
        assert [w.line for w in warned] == ([len(split_lines(kept))] if cut else []), size


@settings(max_examples=40, deadline=None)
@given(sample=st.sampled_from(sorted(SMALL)), label=st.sampled_from(["utf-8", "gb18030", "utf-16-le"]),
       where=st.floats(0.05, 1))
def test_samples_cut_anywhere_keep_every_line_before_the_cut(sample, label, where):
    text = SMALL[sample]
    data = ENCODINGS[label](text)
    size = int(where * len(data))
    try:
        docs = list(parse_source(read_bytes(data[:size], "cut.txt")))
    except IpworkError:
        return  # a clear refusal (too little left to be a plan) is an allowed outcome
    kept = _whole_characters(text, lambda t: ENCODINGS[label](t), size)
    whole_lines = {n for n, t in enumerate(split_lines(kept)[:-1], 1) if t.strip()}
    seen = {n for d in docs for it in d.items for n in it.source.lines}
    seen |= {m.line for d in docs for m in d.metadata_lines} | {u.line for d in docs for u in d.unparsed}
    assert whole_lines <= seen
    assert sum(w.code == "truncated" for d in docs for w in d.warnings) == (len(ENCODINGS[label](kept)) != size)



def test_a_download_cut_mid_character_gives_its_records_and_names_the_line(tmp_path):
    """Regression: such a file gave no record at all ("not UTF-8 … byte 0xe4 at offset …")."""
    text = SAMPLE_TEXT["2013_cnipa_work_points.txt"]
    data = text.encode("utf-8")
    cut = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xE0) + 1  # inside a character
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:cut])
    result = run("parse", str(path), "-f", "jsonl", "--warnings")
    line = data[:cut].count(b"\n") + 1
    assert result.code == 0 and len(result.jsonl()) > 5
    assert f"{path}:{line}: truncated: the file ends inside a character (1 byte of utf-8" in result.stderr
