"""The only code that decides where the site lands: build aside, then swap it in.

Pelican writes into OUTPUT_PATH in place, so a failed build would leave half a site. sitrep
points Pelican at a staging folder next to `output/` and renames it into place only when the
whole build succeeded; on any failure (bad content, template error, Ctrl-C) the previous
site stays as it was and the staging folder is removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import OutputRefused

MARKER = ".sitrep-output"


def guard_output(output: Path, content: Path, project: Path | None = None) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    target = output.resolve()
    content = content.resolve()
    forbidden = {Path("/").resolve(), Path.home().resolve()}
    if project is not None:
        forbidden.add(project.resolve())
    if target in forbidden or target == content or target in content.parents:
        raise OutputRefused(f"refusing to build into {output}: it holds more than the site")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise OutputRefused(
            f"refusing to replace {output}: it is not empty and sitrep did not create it "
            f"(no {MARKER} file); empty it or choose another OUTPUT_PATH"
        )


def build_atomically(output: Path, build: Callable[[Path], None]) -> None:
    """Run `build` into a staging folder, then swap it in for `output`."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        build(staging)
        (staging / MARKER).write_text("Built by sitrep; replaced whole on every build.\n")
        if output.exists():
            output.rename(previous)
        staging.rename(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)
