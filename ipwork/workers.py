"""Worker processes that end with the main process.

A worker outliving its main process (killed with SIGKILL) would wait for work for ever,
holding stderr open, so that a ``| tee`` never ends.  On Linux the kernel ends each worker
when its parent ends; elsewhere each watches its parent.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from ipwork.logs import quiet_libraries

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _kernel_ends_me_with_parent() -> bool:
    """Linux: have the kernel SIGKILL this process when its parent ends, however it ends."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:  # a process whose parent ends is given to another
        time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:  # gone, or the number is now another user's process
        return False
    return True


def _start_worker(verbose: bool, main: int, setup: Callable[..., None] | None, setup_args: tuple) -> None:
    """Quiet libraries as asked, end with the main process, and run the pool's own setup."""
    quiet_libraries(verbose)
    parent = os.getppid()  # the main process, or the fork server that started this worker
    if not _kernel_ends_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if not _alive(main):  # it ended before the watch began
        os._exit(1)
    if setup:
        setup(*setup_args)


def worker_pool(workers: int, verbose: bool = False, setup: Callable[..., None] | None = None,
                setup_args: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers keep the main process's library quietness and end with it;
    ``setup(*setup_args)`` runs once in each worker (to hand it data every task needs)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(verbose, os.getpid(), setup, setup_args))
