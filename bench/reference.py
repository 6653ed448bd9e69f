"""The yardstick: a plain Pelican site with one Markdown article per synthetic event.

Each article carries the event's title, date and type (as its category) and its summary as
the text, so plain Pelican renders as many pages of about the same length as sitrep's event
pages. The settings are those `pelican-quickstart` writes for a new site (default theme,
feeds off while developing, ten articles per index page), nothing tuned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SETTINGS = """\
AUTHOR = "Benchmark desk"
SITENAME = "Plain Pelican reference"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = ()
SOCIAL = ()
DEFAULT_PAGINATION = 10
"""
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def article(event_id: str, text: str) -> str:
    """The Markdown article for one synthetic event file's text."""
    event = yaml.load(text, Loader=LOADER)
    summary = " ".join(str(event.get("summary") or event["title"]).split())
    return (
        f"Title: {event['title']}\nDate: {event['date']}\nCategory: {event['type']}\n"
        f"Slug: {event_id}\n\n{summary}\n"
    )


def write(events: Path, folder: Path) -> Path:
    """Write the reference site (replacing `folder`) for the events under `events`; return
    its settings file. Pelican is run from `folder`: `pelican -s pelicanconf.py -o output`."""
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content"
    content.mkdir(parents=True)
    for path in sorted(events.rglob("*.yaml")):
        text = article(path.stem, path.read_text(encoding="utf-8"))
        (content / f"{path.stem}.md").write_text(text, encoding="utf-8")
    settings = folder / "pelicanconf.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    return settings
