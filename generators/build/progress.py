"""What a long build shows on a terminal: one line per step with a bar, and nothing in CI
(CI=true) or when the output is not a terminal, so logs stay clean.

The build opens one `BuildProgress` (see plugin.py); generators report through
`current()`, which is a silent stand-in outside a build.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


def interactive() -> bool:
    """Whether to draw progress: on a terminal, outside CI."""
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        return False
    return sys.stderr.isatty()


class BuildProgress:
    def __init__(self, enabled: bool | None = None, console: Console | None = None):
        self.enabled = interactive() if enabled is None else enabled
        self._bar: Progress | None = None
        if self.enabled:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console or Console(stderr=True),
            )

    def __enter__(self) -> BuildProgress:
        global _current
        self._previous, _current = _current, self
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        global _current
        if self._bar is not None:
            self._bar.stop()
        _current = self._previous

    @contextmanager
    def step(self, label: str, total: int | None = None) -> Iterator[Callable[[], None]]:
        """A step of the build; call the yielded function once per unit of work."""
        bar = self._bar
        if bar is None:
            yield lambda: None
            return
        task = bar.add_task(label, total=total)
        try:
            yield lambda: bar.advance(task)
        finally:
            bar.update(task, completed=total if total is not None else 1, total=total or 1)


_current: BuildProgress = BuildProgress(enabled=False)


def current() -> BuildProgress:
    return _current
