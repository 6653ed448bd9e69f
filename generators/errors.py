"""The errors sitrep reports to authors.

Every problem in content becomes one `ContentError`; loaders collect them all and raise a
single `ContentInvalid`, so an author sees every mistake in one run (as MkDocs does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem at one place in one file. Raised by nobody: collected by loaders."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    level: str = "error"  # or "warning": reported, but the build goes on (unless strict)

    def as_error(self) -> ContentError:
        """The same problem reported as an error (strict mode)."""
        return replace(self, level="error")

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f"{bounded(self.field)}: " if self.field else ""
        hint = f" (hint: {bounded(self.hint)})" if self.hint else ""
        return f"{where}: {self.level}: {field}{bounded(self.message)}{hint}"


QUOTE_MAX = 80
TEXT_MAX = 1_000
# Written as escapes, so that an error stays one line that shows what it quotes.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LONG_WORD = re.compile(rf"\S{{{QUOTE_MAX},}}")
# A quoted value opens after a space or a bracket and closes before one (or punctuation):
# the text between two values ("'battles' (armed-clash, ...) got 'x'") is not one.
_LONG_QUOTE = re.compile(
    rf"(?<![^\s(\[{{=:,])'(?!\s)([^'\n]{{{QUOTE_MAX},}}?)'(?!\w)"
    rf"|\[\[([^\]\n]{{{QUOTE_MAX},}})\]\]"
)


def bounded(text: str) -> str:
    """`text` with its control characters escaped, every quoted value (and `[[link]]`) cut
    to about QUOTE_MAX characters, and whatever else is overlong (a field label of giant
    keys) cut too: an error never copies a whole file, or its secrets, to a CI log."""

    def cut(match: re.Match) -> str:
        quoted, link = match.group(1), match.group(2)
        if quoted is not None:
            return f"'{quoted[: QUOTE_MAX - 10]}...'"
        return f"[[{link[: QUOTE_MAX - 10]}...]]"

    text = _UNPRINTABLE.sub(lambda match: match[0].encode("unicode_escape").decode(), text)
    text = _LONG_QUOTE.sub(cut, text)
    text = _LONG_WORD.sub(lambda match: match[0][: QUOTE_MAX - 3] + "...", text)
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 3] + "..."


class ContentInvalid(Exception):
    """Raised by the content loader when any file breaks the format; holds every error."""

    exitcode = 1

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def __reduce__(self) -> tuple:
        # Raised in a worker of a distributed build, it crosses to the building process.
        return type(self), (self.errors,)

    def report(self) -> str:
        lines = [e.format() for e in self.errors]
        count = len(self.errors)
        lines.append(f"Aborted with {count} error{'s' if count != 1 else ''}.")
        return "\n".join(lines)


class SettingsInvalid(Exception):
    """Raised by the map generator (MAP_* settings) and the language setup (an unknown
    language, a missing message catalogue) when a setting cannot work; the message says
    which setting and how to fix it."""

    exitcode = 1


class OutputRefused(Exception):
    """Raised by the atomic writer when the output folder is one sitrep must not replace."""

    exitcode = 1


class KeptFilesDiffer(Exception):
    """Raised by `sitrep build --verify` when files the cache would have kept differ from
    what rendering them now gives: the cache missed one of their inputs."""

    exitcode = 1

    def __init__(self, names: list[str]):
        self.names = sorted(names)
        super().__init__(self.names)

    def __str__(self) -> str:
        lines = [f"error: {len(self.names)} kept files differ from a fresh render:"]
        lines += [f"  {name}" for name in self.names]
        lines.append(
            "The cache missed an input of these files (a sitrep bug: please report it). "
            "Aborted: the previous output/ is unchanged; after `make clean` a build is right."
        )
        return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as an author would type it: relative to the project when possible."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
