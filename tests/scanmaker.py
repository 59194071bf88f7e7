"""Scans of the test documents: pages of tests/data's PDFs rendered to images as a scanner
would give them, and the gold records of the items those pages hold.

    python tests/scanmaker.py tests/data/scans

Kinds of scan (``KINDS``): ``bw`` 1-bit black and white, ``grey`` greyscale (JPEG), ``turned``
1-bit turned by half a degree, ``speckled`` 1-bit with dust.  All at 150 dpi.  ``SCANS`` names the
committed files: image-only PDFs, a multi-page TIFF (CCITT G4) and a single PNG page, a few
pages each (greyscale ones in 16 levels of grey).  Needs pypdfium2 and Pillow (installed with pdfplumber).
"""
from __future__ import annotations

import io
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

DATA = ROOT / "tests" / "data"
SCANS = DATA / "scans"
DPI = 150
KINDS = ("bw", "grey", "turned", "speckled")
TURN = 0.5  # degrees
SPECKS = 0.0001  # share of a page's pixels that dust turns black (some 220 specks an A4 page)
GREY_QUALITY = 75  # JPEG quality of greyscale pages in a PDF (less, and 目 reads as 自)
GREY_LEVELS = 16  # of a greyscale PNG or TIFF page
BLACK = 200  # a pixel darker than this is black in a 1-bit scan: a scanner set for text keeps thin strokes


@dataclass(frozen=True)
class Scan:
    """A committed scan: which sample, from which test document, which pages, what kind."""

    file: str
    sample: str
    source: str  # a PDF under tests/data
    pages: tuple[int, ...]  # 1-based
    kind: str


SCANS_MADE = (
    Scan("2013_cnipa_work_points.grey.png", "2013_cnipa_work_points.txt", "2013_cnipa_work_points.office.pdf",
         (1,), "grey"),
    Scan("2016-2020_sichuan_action_plan.grey.tif", "2016-2020_sichuan_action_plan.txt",
         "2016-2020_sichuan_action_plan.office.pdf", (1, 2), "grey"),
    Scan("2017_national_patent_tasks.turned.pdf", "2017_national_patent_tasks.txt",
         "2017_national_patent_tasks.office.pdf", (1, 2, 3), "turned"),
    Scan("2017_provincial_compilation.bw.tif", "2017_provincial_compilation.txt",
         "2017_provincial_compilation.browser.pdf", (1, 2, 3), "bw"),
    Scan("2020_national_priorities_news.speckled.pdf", "2020_national_priorities_news.txt",
         "2020_national_priorities_news.office.pdf", (1, 2), "speckled"),
)


def rendered(pdf: Path, pages: tuple[int, ...]) -> list:
    """Pages of a PDF as greyscale images at ``DPI``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    return [document[n - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for n in pages]


def _black_and_white(image):
    return image.point(lambda v: 255 if v > BLACK else 0).convert("1")


def _speckled(image, seed: int):
    """Black dust and white drop-outs, as an old copier or a dirty glass leaves them."""
    pixels = image.load()
    rng = random.Random(seed)
    for _ in range(int(SPECKS * image.width * image.height)):
        x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
        size = rng.choice((1, 1, 2))
        for dx in range(size):
            for dy in range(size):
                pixels[x + dx, y + dy] = 0
    return image


def scanned(image, kind: str, seed: int = 0):
    """A rendered page as a scan of ``kind``."""
    from PIL import Image

    if kind == "bw":
        return _black_and_white(image)
    if kind == "turned":
        return _black_and_white(image.rotate(TURN, resample=Image.BICUBIC, fillcolor=255))
    if kind == "speckled":
        return _black_and_white(_speckled(image.copy(), seed))
    return image


def save(images: list, path: Path) -> Path:
    """Images as an image-only PDF, a multi-page TIFF or one PNG, by the file's suffix."""
    first, rest = images[0], images[1:]
    if path.suffix == ".pdf":
        jpeg = {"quality": GREY_QUALITY} if first.mode == "L" else {}
        first.save(path, save_all=True, append_images=rest, resolution=DPI, **jpeg)
    elif path.suffix == ".tif":
        if first.mode == "L":
            first, rest = first.quantize(GREY_LEVELS), [image.quantize(GREY_LEVELS) for image in rest]
        first.save(path, save_all=True, append_images=rest, dpi=(DPI, DPI),
                   compression="group4" if first.mode == "1" else "tiff_adobe_deflate")
    else:
        assert not rest, "a PNG holds one page"
        first = first.quantize(GREY_LEVELS) if first.mode == "L" else first
        first.save(path, dpi=(DPI, DPI), optimize=True)
    return path


def make(scan: Scan, folder: Path) -> Path:
    images = [scanned(image, scan.kind, seed) for seed, image in enumerate(rendered(DATA / scan.source, scan.pages))]
    return save(images, folder / scan.file)


def pages_pdf(pdf: Path, pages: tuple[int, ...]) -> bytes:
    """A PDF of some pages of another, text layer and all."""
    import pypdfium2

    source, out = pypdfium2.PdfDocument(str(pdf)), pypdfium2.PdfDocument.new()
    out.import_pages(source, [n - 1 for n in pages])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def records_of(data: bytes, sample: str, suffix: str) -> list[dict]:
    """ipwork's records of a document read under its sample's name (which says the year)."""
    from conftest import run

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (sample + suffix)
        path.write_bytes(data)
        result = run("parse", str(path), "-f", "jsonl")
    return result.jsonl() if result.code == 0 else []


def gold_held(sample: str, source: Path, pages: tuple[int, ...]) -> list[dict]:
    """The gold records of the items ``pages`` of a text-layer test document hold whole: those
    that its text layer's records of these pages alone give exactly (an item cut by the last
    page's end is not held)."""
    from conftest import load_score_module
    from docmaker import gold_for

    score = load_score_module()
    gold = gold_for(sample)
    records = records_of(pages_pdf(source, pages), sample, ".pdf")
    multi = any("#" in g["doc"] for g in gold)
    mine = _grouped(records, lambda r: (r.get("region") or "") if multi else "")
    held = []
    for region, golds in _grouped(gold, lambda g: g["doc"].split("#", 1)[1] if multi else "").items():
        ours = mine.get(region, [])
        held.extend(golds[i] for i, j, _ in score.align(golds, ours) if _exact(score, golds[i], ours[j]))
    return held


def _exact(score, gold: dict, record: dict) -> bool:
    """Whether a record is its gold record, as the scorer's item_exact counts it."""
    return (all(score.field_equal(f, gold, record) for f in score.FIELDS)
            and score.sim(score.canon(gold.get("text")), score.canon(record.get("text"))) >= 0.98)


def _grouped(records: list[dict], key) -> dict[str, list[dict]]:
    """Records grouped as the scorer groups them: a compilation's by region."""
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(key(r), []).append(r)
    return groups


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for scan in SCANS_MADE:
        path = make(scan, out)
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(SCANS))
