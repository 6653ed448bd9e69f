"""Work shared out over this machine's cores: a share in this process, the others in worker
processes forked by a `concurrent.futures.ProcessPoolExecutor`.

The pool is made with the fork start method once the content is loaded, so its workers share
the validated site, the compiled templates and the settings with this process without
copying or pickling anything. What they are handed is an index range of the items of the
job set just before the pool forks (a closure does not pickle; a range does); what each share
returns comes back pickled. Rendering only fills per-process caches, so nothing else has to
come back: the files a worker writes land in the same staging folder.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import pairwise
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a fork costs more than it saves; no share is smaller than half this.
MIN_ITEMS = 200


class WorkerFailed(Exception):
    """Raised by `in_processes` when a worker process failed (its traceback is chained)."""

    exitcode = 1


# The job of the pool being made: its workers, forked with it, find it here.
_job: tuple[Sequence[Any], Callable[[Sequence[Any]], Any]] | None = None


def can_fork() -> bool:
    # A fork copies only the calling thread: with other threads alive (a progress display
    # on a terminal, a Dask client), a lock they hold could stay held forever in the child.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _share(start: int, stop: int) -> Any:
    """Run in a forked worker: `work` over the job's items from `start` to `stop`."""
    assert _job is not None, "a worker forked without a job"
    items, work = _job
    return work(items[start:stop])


def shares(count: int, processes: int) -> list[tuple[int, int]]:
    """`count` items cut into `processes` ranges as equal as can be, in order."""
    bounds = [count * part // processes for part in range(processes + 1)]
    return list(pairwise(bounds))


def in_processes(items: Sequence[Item], work: Callable[[Sequence[Item]], Result]) -> list[Result]:
    """Run `work` over `items`, cut into one share per core when that pays off: the first
    in this process, the others in forked workers. Returns what `work` returned for each
    share, in order; a worker's comes back pickled."""
    global _job
    processes = min(os.cpu_count() or 1, len(items) // (MIN_ITEMS // 2))
    if len(items) < MIN_ITEMS or processes < 2 or not can_fork():
        return [work(items)]
    (first, *others) = shares(len(items), processes)
    sys.stdout.flush()
    sys.stderr.flush()
    _job = (items, work)
    pool = ProcessPoolExecutor(processes - 1, mp_context=multiprocessing.get_context("fork"))
    try:
        # The first submit forks every worker, before the pool starts its own thread.
        futures: list[Future] = [pool.submit(_share, start, stop) for start, stop in others]
        mine = work(items[first[0] : first[1]])
        try:
            theirs = [future.result() for future in futures]
        except Exception as exc:  # its traceback, from the worker, is chained to this one
            raise WorkerFailed(f"a process writing pages failed: {exc!r}") from exc
    except BaseException:  # Ctrl-C or an error here: the workers' shares are of no use any more
        for process in list(pool._processes.values()):
            process.terminate()
        raise
    finally:
        _job = None
        pool.shutdown(cancel_futures=True)
    return [mine, *theirs]
