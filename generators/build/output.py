"""The only code that decides where the site lands: build aside, then swap it in.

Pelican writes into OUTPUT_PATH in place, so a failed build would leave half a site. sitrep
points Pelican at a staging folder next to `output/` (`.output.building-PID`) and swaps it
into place only when the whole build succeeded; on any failure (bad content, template error,
an exception in a plugin, Ctrl-C) the previous site stays as it was and the staging folder
is removed. A build killed outright (SIGKILL, power loss) cannot clean up: the next build
removes the folders of builds whose process is gone, and puts back a previous site that a
kill caught between the two renames of the fallback swap.

The site swapped out is not deleted: it is kept beside as the spare (`.output.spare`), and
the next build starts from it as its staging folder, so that a rebuild only touches the
files that changed (store.py). Removing 20,000 files and making them again took longer
than rendering the pages an edit changes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import OutputRefused

MARKER = ".sitrep-output"


def files_below(folder: Path | str) -> Iterator[str]:
    """The path of every file below `folder`, relative to it with '/' separators, folder by
    folder in name order, as os.walk gives them (a link to a folder is neither followed nor
    listed). One scandir a folder and no path joined twice: a third cheaper than os.walk at
    25,000 folders, where rglob or relpath were far dearer."""
    return _files_in(str(folder), "")


def _files_in(path: str, prefix: str) -> Iterator[str]:
    try:
        with os.scandir(path) as found:
            entries = sorted(found, key=_name)
    except OSError:
        return  # as os.walk: a folder that cannot be listed lists nothing
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if not is_folder:
            yield prefix + entry.name
        elif not entry.is_symlink():
            folders.append(entry)
    for entry in folders:
        yield from _files_in(entry.path, f"{prefix}{entry.name}/")


def _name(entry: os.DirEntry) -> str:
    return entry.name


def guard_output(output: Path, content: Path, project: Path | None = None) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    target = output.resolve()
    content = content.resolve()
    forbidden = {Path("/").resolve(), Path.home().resolve()}
    if project is not None:
        forbidden.add(project.resolve())
    if (
        target in forbidden
        or target == content
        or target in content.parents
        or (target / ".git").exists()  # a repository's root
    ):
        raise OutputRefused(f"refusing to build into {output}: it holds more than the site")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"refusing to replace {output}: it is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise OutputRefused(
            f"refusing to replace {output}: it is not empty and sitrep did not create it "
            f"(no {MARKER} file); empty it or choose another OUTPUT_PATH"
        )


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of this process: its builds run one after another
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(output: Path) -> None:
    """Clean up after builds that were killed: remove their staging folders, and restore
    the previous site if a build died after moving it aside but before swapping in."""
    pattern = re.compile(rf"^\.{re.escape(output.name)}\.(building|previous)-(\d+)$")
    for folder in sorted(output.parent.iterdir()) if output.parent.is_dir() else []:
        match = pattern.match(folder.name)
        if match is None or _running(int(match.group(2))):
            continue
        if match.group(1) == "previous" and not output.exists():
            folder.rename(output)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that a server
    never sees `output/` missing; False where the system cannot, and the caller renames."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def discard(folder: Path, aside: Path) -> None:
    """Remove a spare a build cannot use (store.py): made writable first when it is this user's;
    someone else's is moved aside (`aside`), where it stays out of every later build."""
    for top, _folders, _names in os.walk(folder):
        with contextlib.suppress(OSError):  # not this user's: moved aside below
            os.chmod(top, 0o755)
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        folder.rename(aside)


def build_atomically(output: Path, build: Callable[[Path], None]) -> None:
    """Run `build` into a staging folder, then swap it in for `output`."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(output)
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    previous = output.parent / f".{output.name}.previous-{os.getpid()}"
    spare = output.parent / f".{output.name}.spare"
    try:
        spare.rename(staging)  # taken: a build running beside this one cannot take it too
        keep = True
    except OSError:
        staging.mkdir()
        keep = False
    try:
        build(staging)
        (staging / MARKER).write_text("Built by sitrep; replaced whole on every build.\n")
        if not output.exists():
            staging.rename(output)
        elif not _exchange(staging, output):  # when exchanged, staging holds the old site
            output.rename(previous)
            staging.rename(output)
            previous.rename(staging)
        keep = True
    finally:
        # Staging holds the site swapped out, or what a failed build left of the spare:
        # either is a spare, whose files the next build uses where the manifest vouches.
        if keep and staging.exists() and not spare.exists():
            staging.rename(spare)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)
