"""The layout registry: every parser, how sure each is of a document, and the choice.

Two layouts claiming one document about equally (a plan in prose with a table in it) is not
settled by a coin toss: each parses it, and the one that finds more work items is chosen;
when neither finds any, that is an error to resolve with ``--layout``.
"""
from __future__ import annotations

from ipwork.errors import LayoutError
from ipwork.parsers.base import Layout, RawItem, RawPlan, RawSection
from ipwork.parsers.compilation import CompilationLayout
from ipwork.parsers.outline import OutlineLayout
from ipwork.parsers.tasktable import TaskTableLayout
from ipwork.readers import SourceText

__all__ = ["LAYOUTS", "Layout", "RawItem", "RawPlan", "RawSection", "choose", "get", "scores"]

LAYOUTS: dict[str, Layout] = {cls.name: cls() for cls in (CompilationLayout, TaskTableLayout, OutlineLayout)}
MIN_SCORE = 0.2  # below this no layout recognises the document
TIE_MARGIN = 0.1  # two layouts within this of each other both claim it


def get(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise LayoutError(f"unknown layout {name!r}; known layouts: {', '.join(LAYOUTS)}") from None


def checked_sniff(layout: Layout, src: SourceText) -> float:
    """The layout's score for ``src``.

    A sniffer says "not mine" with a low score; an exception from one is a bug in ipwork
    and surfaces as an internal error, never as "no layout recognises this document".
    """
    score = layout.sniff(src)
    if not isinstance(score, float) or not 0.0 <= score <= 1.0:
        raise ValueError(f"layout {layout.name!r} sniffed {score!r}, not a float in 0..1")
    return score


def scores(src: SourceText) -> list[tuple[str, float]]:
    """Every layout's confidence for ``src``, best first."""
    found = [(name, checked_sniff(layout, src)) for name, layout in LAYOUTS.items()]
    return sorted(found, key=lambda pair: -pair[1])


def choose(src: SourceText, name: str | None = None, ranked: list[tuple[str, float]] | None = None) -> Layout:
    """The layout named, or the one that recognises ``src`` (by ``ranked``, its ``scores``, when
    they are known already); errors say why none or two fit."""
    if name:
        return get(name)
    ranked = ranked or scores(src)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        raise LayoutError("no known layout recognises this document (not a work plan? "
                          "force one with --layout outline)", file=src.name)
    if top - runner_up < TIE_MARGIN:
        return _by_trial(src, [name for name, score in ranked if top - score < TIE_MARGIN])
    return LAYOUTS[best]


def _by_trial(src: SourceText, names: list[str]) -> Layout:
    """Of layouts that fit ``src`` about equally, the one whose parse finds the most items
    (fewer warnings, then the better score, decide a tie)."""
    found = []
    for rank, name in enumerate(names):
        plans = list(LAYOUTS[name].parse(src))
        found.append((sum(len(p.items) for p in plans), -sum(len(p.warnings) for p in plans), -rank, name))
    items, _, _, name = max(found)
    if not items:
        listed = " and ".join(names)
        raise LayoutError(f"ambiguous layout: {listed} fit about equally and neither finds a work item; "
                          "choose one with --layout", file=src.name)
    return LAYOUTS[name]
