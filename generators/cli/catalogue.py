"""The interface's message catalogue: every label the site shows, extracted from the
templates and the Python code with Babel, and its translations kept as `.po` files in the
theme (`themes/sitrep/translations/<lang>/LC_MESSAGES/messages.po`).

`python -m generators.cli.catalogue` (or `make messages`) extracts the messages and updates
each `.po` file: new messages are added untranslated, vanished ones dropped, translations
kept. The `.po` files are the source; the build compiles them in memory (`i18n`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "sitrep"
# Where messages are: Python (`_()`, `N_()`, `gettext()`, `phrase()`) and Jinja templates.
SOURCES = [
    (ROOT / "generators", [("**.py", "python")]),
    (THEME / "templates", [("**.html", "jinja2")]),
]
KEYWORDS = {**DEFAULT_KEYWORDS, "phrase": None}
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}


def extract() -> Catalog:
    """Every message of the interface, with where it is used."""
    catalogue = Catalog(project="sitrep", charset="utf-8")
    for folder, methods in SOURCES:
        found = extract_from_dir(
            folder, methods, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
        )
        for filename, line, message, comments, context in found:
            where = (folder.relative_to(ROOT) / filename).as_posix()
            catalogue.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return catalogue


def po_files(theme: Path = THEME) -> list[Path]:
    return sorted((theme / "translations").glob("*/LC_MESSAGES/messages.po"))


def update(po_file: Path, template: Catalog) -> None:
    """Bring one `.po` file up to date with the extracted messages, keeping translations."""
    with po_file.open("rb") as handle:
        catalogue = read_po(handle)
    template.creation_date = catalogue.creation_date  # no date churn in the file
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    with po_file.open("wb") as handle:
        write_po(handle, catalogue, width=100, include_previous=False, include_lineno=False)


def main() -> int:
    template = extract()
    for po_file in po_files():
        update(po_file, template)
        print(f"Updated {po_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
