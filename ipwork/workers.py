"""Worker processes that end with the main process.

A worker outliving its main process (killed with SIGKILL) would wait for work for ever,
holding stderr open, so that a ``| tee`` never ends.  On Linux the kernel ends each worker
when its parent ends; elsewhere each watches its parent.

Ctrl-C is the main process's business: a worker ignores SIGINT (a terminal sends it to every
process of the job), and a pool left by an exception (KeyboardInterrupt among them) kills its
workers rather than waiting for their work to finish, so that an interrupted run ends at once.
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
# The signals that end a run: held while workers are forked, so that none reaches a worker
# before it has set its own handlers (it would print a traceback).
_ENDING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


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
    """Leave Ctrl-C to the main process, quiet libraries as asked, end with the main process,
    and run the pool's own setup."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for ending in _ENDING - {signal.SIGINT}:
        signal.signal(ending, signal.SIG_DFL)  # not the main process's handlers, inherited by fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _ENDING)
    quiet_libraries(verbose)
    parent = os.getppid()  # the main process, or the fork server that started this worker
    if not _kernel_ends_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if not _alive(main):  # it ended before the watch began
        os._exit(1)
    if setup:
        setup(*setup_args)


class WorkerPool(ProcessPoolExecutor):
    """A ``ProcessPoolExecutor`` whose workers are killed, not waited for, when the block using it
    fails or is interrupted."""

    def submit(self, *args, **kwargs):
        # Workers are forked on the first submit (and inherit the signal mask).
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
        try:
            return super().submit(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def end(self) -> None:
        """Drop the work not started and kill the workers at once (their work is not waited for,
        only their ending, so that no half-written file appears after this returns)."""
        processes = list((self._processes or {}).values())
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + 1
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
        self.shutdown(wait=False)  # the work not started fails with the pool, as it is not waited for

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            self.end()
            return False
        return super().__exit__(kind, value, traceback)


def worker_pool(workers: int, verbose: bool = False, setup: Callable[..., None] | None = None,
                setup_args: tuple = ()) -> WorkerPool:
    """A process pool whose workers keep the main process's library quietness and end with it;
    ``setup(*setup_args)`` runs once in each worker (to hand it data every task needs)."""
    return WorkerPool(max_workers=workers, initializer=_start_worker,
                      initargs=(verbose, os.getpid(), setup, setup_args))
