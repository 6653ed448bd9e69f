"""Write a generator's pages on two cores: half in this process, half in a forked child.

Pages are independent once the content is loaded, and a fork shares the validated site,
the compiled templates and the settings without copying or pickling anything. Rendering
only fills per-process caches, so nothing has to come back from the child but its exit
status; the files it writes land in the same staging folder.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many pages a fork costs more than it saves.
MIN_ITEMS = 200


class WorkerFailed(Exception):
    """Raised by `in_two_processes` when the child process failed (its error is printed)."""

    exitcode = 1


def can_fork() -> bool:
    # A fork copies only the calling thread: with other threads alive (a progress display
    # on a terminal), a lock they hold could stay held forever in the child.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def in_two_processes(
    items: Sequence[Item], work: Callable[[Sequence[Item]], Result]
) -> list[Result]:
    """Run `work` over `items`: the second half in a forked child when that pays off. Returns
    what `work` returned for each share, this process's first; the child's comes back
    pickled through a pipe."""
    if len(items) < MIN_ITEMS or not can_fork():
        return [work(items)]
    half = len(items) // 2
    sys.stdout.flush()
    sys.stderr.flush()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports by exit status
        os.close(reading)
        status = 0
        try:
            result = pickle.dumps(work(items[half:]), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(result)
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(writing)
    try:
        mine = work(items[:half])
        with os.fdopen(reading, "rb") as pipe:
            theirs = pipe.read()
    except BaseException:  # Ctrl-C or an error here: the child's half is of no use any more
        os.kill(child, signal.SIGTERM)
        raise
    finally:
        _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise WorkerFailed("a process writing pages failed; its error is printed above")
    return [mine, pickle.loads(theirs)]
