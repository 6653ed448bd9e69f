"""`sitrep init FOLDER`: a new desk's site repository, ready to build and to publish.

It holds the desk's settings (name, languages, time zone, security contact), an example
event with its place and source to replace, a `templates/` folder for the desk's own
templates, and the deploy workflow; sitrep's theme and code stay in the installed package,
so that the desk updates sitrep by updating one requirement.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

SITREP_THEME = str(Path(__file__).resolve().parents[2] / "themes" / "sitrep")
TEMPLATE = Path(__file__).resolve().parent / "desk_template"
WORKFLOW = Path(".github") / "workflows" / "publish.yml"
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


class InitRefused(Exception):
    """Raised by `sitrep init` when the folder cannot take a new site: the message says why."""

    exitcode = 1


@dataclass(frozen=True)
class Desk:
    """What `sitrep init` asks for."""

    name: str
    languages: tuple[str, ...]
    timezone: str
    contact: str
    description: str = ""
    requirement: str = ""


def workflow(install: str) -> str:
    """The deploy workflow, installing sitrep with the `install` command."""
    return (TEMPLATE / "publish.yml").read_text(encoding="utf-8").replace("@INSTALL@", install)


def sitrep_requirement() -> str:
    """How a desk's workflow installs the sitrep that runs now: the repository and commit
    pip installed it from when there is one (PEP 610's direct_url.json), else its version.
    From a repository it is an editable install, since sitrep's theme sits beside its
    package rather than in it."""
    import json

    try:
        distribution = metadata.distribution("sitrep")
    except metadata.PackageNotFoundError:
        return "sitrep"
    direct = distribution.read_text("direct_url.json")
    if direct:
        source = json.loads(direct)
        vcs = source.get("vcs_info")
        if vcs and source.get("url", "").startswith("https://"):
            return f"-e git+{source['url']}@{vcs['commit_id']}#egg=sitrep"
    return f"sitrep=={distribution.version}"


def check(desk: Desk) -> list[str]:
    """What is wrong with the answers, each with how to fix it."""
    from zoneinfo import available_timezones

    problems = []
    if not desk.name.strip():
        problems.append("--name: expected the site's name, got nothing")
    if not desk.languages:
        problems.append("--languages: expected the site's languages, main one first (en,ar)")
    for code in desk.languages:
        if not LANGUAGE.match(code):
            problems.append(f"--languages: expected language codes like en or ar, got {code!r}")
        elif (
            code != desk.languages[0] and not (Path(SITREP_THEME) / "translations" / code).is_dir()
        ):
            problems.append(
                f"--languages: sitrep's theme has no interface translation for {code!r} "
                "(docs/translating.md says how to add one)"
            )
    if desk.timezone not in available_timezones():
        problems.append(
            f"--timezone: expected an IANA time zone like Asia/Damascus, got {desk.timezone!r}"
        )
    if not re.match(r"^(mailto:\S+@\S+|https://\S+|\S+@\S+)$", desk.contact):
        problems.append(
            "--security-contact: expected an e-mail address or an https:// address, "
            f"got {desk.contact!r}"
        )
    return problems


def create_desk(folder: Path, desk: Desk) -> list[Path]:
    """Write the new site into `folder` (absent or empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitRefused(
            f"sitrep init: error: {folder} exists and is not empty "
            "(hint: give a new folder's name; sitrep init never overwrites a file)"
        )
    problems = check(desk)
    if problems:
        raise InitRefused("\n".join(f"sitrep init: error: {p}" for p in problems))
    contact = desk.contact if ":" in desk.contact else f"mailto:{desk.contact}"
    values = {
        "@SITENAME@": desk.name,
        "@SITENAME_LITERAL@": repr(desk.name),
        "@DESCRIPTION_LITERAL@": repr(desk.description or f"Situation reports of {desk.name}."),
        "@DEFAULT_LANG_LITERAL@": repr(desk.languages[0]),
        "@LANGUAGES_LITERAL@": repr(list(desk.languages)),
        "@TIMEZONE_LITERAL@": repr(desk.timezone),
        "@CONTACT_LITERAL@": repr(contact),
        "@TODAY@": datetime.date.today().isoformat(),
        "@REQUIREMENT@": desk.requirement or sitrep_requirement(),
    }
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or source.name == "publish.yml":
            continue
        name = source.relative_to(TEMPLATE).as_posix().removesuffix(".in")
        target = folder / (".gitignore" if name == "gitignore" else name)
        text = source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        written.append(_write(target, text))
    written.append(_write(folder / WORKFLOW, workflow("python -m pip install -r requirements.txt")))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
