"""What makes a built page able to run someone else's script: the checks of the hostile-input
tests. Inline scripts (a map's set-up) and JSON data blocks (JSON-LD) are already understood;
extend the lists below when the site gains another kind of embedded code or data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag

# Attributes whose value a browser loads or navigates to.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href",
    "background", "cite", "ping", "manifest", "codebase", "longdesc", "lowsrc", "dynsrc",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "blob:", "filesystem:")
# Elements that embed another document or change how URLs resolve: none comes from sitrep.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "application/geo+json"}
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def parse(html: str) -> BeautifulSoup:
    """Parse as a browser does (html5lib follows the HTML5 parsing algorithm)."""
    return BeautifulSoup(html, "html5lib")


def dangerous_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    return _INVISIBLE.sub("", value).lower().startswith(DANGEROUS_SCHEMES)


def js_code(source: str) -> str:
    """JavaScript with the contents of strings and comments removed; `${...}` inside a
    template literal is code, so it is kept. Good enough for generated scripts (it does not
    know regular-expression literals)."""
    code: list[str] = []
    i, n = 0, len(source)
    braces: list[int] = []  # depth of `{` inside each open `${`
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "'\"`" or (c == "}" and braces and braces[-1] == 0):
            quote = c if c != "}" else "`"
            if c == "}":
                braces.pop()
            code.append(quote)
            i += 1
            while i < n and source[i] != quote:
                if source[i] == "\\":
                    i += 1
                elif quote == "`" and source.startswith("${", i):
                    braces.append(0)
                    i += 2
                    break
                i += 1
            else:
                code.append(quote)
                i += 1
        else:
            if braces and c == "{":
                braces[-1] += 1
            elif braces and c == "}":
                braces[-1] -= 1
            code.append(c)
            i += 1
    return "".join(code)


def script_problems(script: Tag, marker: str) -> Iterator[str]:
    """A script is the site's own when it loads a file from the site, holds data that
    parses as data, or is code in which the hostile marker appears only inside strings."""
    kind = (script.get("type") or "").strip().lower()
    src = script.get("src")
    if src is not None:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src.strip(), re.I):
            yield f"script from another origin: {src}"
        return
    text = script.string or ""
    if kind in DATA_SCRIPT_TYPES and "data-src" in script.attrs and not text:
        # Data a page's script fetches and parses as JSON (a place's map): of the site only.
        if not script["data-src"].startswith("/") or script["data-src"].startswith("//"):
            yield f"data from another origin: {script['data-src']}"
    elif kind in DATA_SCRIPT_TYPES:
        try:
            json.loads(text)
        except ValueError:
            yield f"{kind} script that is not valid JSON: {text[:80]!r}"
    elif kind in JS_TYPES:
        if marker in js_code(text):
            yield f"inline script running content: {text[:120]!r}"
    else:
        yield f"script of unknown type {kind!r}"


def problems(soup: BeautifulSoup, marker: str = "pwned") -> list[str]:
    """Everything on a page through which `marker(...)`, planted in content, could run."""
    found = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}> element")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if name == "script":
            found.extend(script_problems(element, marker))
        for attribute, value in element.attrs.items():
            attribute = attribute.lower()
            value = " ".join(value) if isinstance(value, list) else str(value)
            handler = attribute.startswith("on")
            url = attribute in URL_ATTRIBUTES and any(
                dangerous_url(part.strip().split(" ")[0]) for part in value.split(",")
            )
            style = attribute == "style" and re.search(r"url\s*\(|expression\s*\(", value, re.I)
            if handler or url or style:
                found.append(f"<{name} {attribute}={value!r}>")
    return found
