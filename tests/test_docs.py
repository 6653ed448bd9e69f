"""The docs a new desk follows: each page exists, the README (the front door) links every
one, and every relative link in the README and the docs leads to a file that exists."""

from __future__ import annotations

import re

from tests.sitebuild import ROOT

PAGES = ["getting-started", "content-format", "customising", "publishing", "translating"]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_links_every_page_of_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PAGES:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
        assert f"](docs/{name}.md)" in readme, name
    # The format reference lives in the docs only; the README stays the front door.
    assert "### Events: `content/events/<id>.yaml`" not in readme


def test_relative_links_lead_to_files():
    broken = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == []
