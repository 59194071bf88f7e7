"""Only ipwork's own messages on stderr: libraries' log lines and warnings are shown with -v.

pdfminer logs a line per glyph for some fonts ("Could not get FontBBox…"), hundreds per PDF;
none of it is something the user can act on.
"""
from __future__ import annotations

import logging
import warnings

NOISY_LOGGERS = ("pdfminer", "pdfplumber", "PIL")


def quiet_libraries(verbose: bool = False) -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)
    warnings.simplefilter("default" if verbose else "ignore")
