"""Only ipwork's own messages on stderr: libraries' log lines and warnings are shown with -v.

pdfminer logs a line per glyph for some fonts ("Could not get FontBBox…"), hundreds per PDF;
none of it is something the user can act on.
"""
from __future__ import annotations

import logging
import warnings

NOISY_LOGGERS = ("pdfminer", "pdfplumber", "PIL")
_shown = {"libraries": False}


def quiet_libraries(verbose: bool = False) -> None:
    _shown["libraries"] = verbose
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)
    warnings.simplefilter("default" if verbose else "ignore")


def libraries_shown() -> bool:
    """Whether this process shows the libraries' messages (-v), for the workers it starts."""
    return _shown["libraries"]
