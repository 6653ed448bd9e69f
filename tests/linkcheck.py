"""A link checker over a built site: every internal link, asset and CSS url() must resolve,
and every #fragment must name an element of its page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# (element, attribute) pairs that reference another file or a place in a page.
REFERENCES = [
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("iframe", "src"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("form", "action"), ("use", "href"), ("image", "href"), ("object", "data"),
]  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def css_references(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        ref = match.group(2) or match.group(4)
        if not ref.startswith("#default#"):  # old IE behaviours in Leaflet's CSS, not links
            yield ref


def references(output: Path, path: Path) -> Iterator[tuple[str, str]]:
    """(site URL of the referring file, reference) for every reference in one file."""
    url = "/" + path.relative_to(output).as_posix()
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        for ref in css_references(text):
            yield url, ref
        return
    soup = BeautifulSoup(text, "html.parser")
    for tag, attribute in REFERENCES:
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                for candidate in value.split(","):
                    yield url, candidate.strip().split(" ")[0]
            else:
                yield url, value
    for style in soup.find_all("style"):
        yield from ((url, ref) for ref in css_references(style.get_text()))
    for element in soup.find_all(style=True):
        yield from ((url, ref) for ref in css_references(element["style"]))


@cache
def _ids(path: Path) -> frozenset[str]:
    """The ids a #fragment may name in a page (or an SVG file)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    named = {a["name"] for a in soup.find_all("a", attrs={"name": True})}
    return frozenset({e["id"] for e in soup.find_all(id=True)} | named)


def broken_links(output: Path) -> list[str]:
    """'file -> reference (why)' for every internal reference that does not resolve."""
    output = output.resolve()
    broken = []
    files = sorted([*output.rglob("*.html"), *output.rglob("*.css")])
    for path in files:
        for source, ref in references(output, path):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//") or ref.startswith("data:"):
                continue  # another host, mailto:, or data inlined in the CSS
            target = urlsplit(urljoin(source, ref))
            file = output / unquote(target.path).lstrip("/")
            if target.path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.resolve().is_relative_to(output) or not file.is_file():
                broken.append(f"{source} -> {ref} (no such file)")
            elif target.fragment and unquote(target.fragment) not in _ids(file):
                broken.append(f"{source} -> {ref} (no element with that id)")
    return broken
