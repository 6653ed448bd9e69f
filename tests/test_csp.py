"""The Content-Security-Policy and Referrer-Policy of every built page (generators/build/csp.py)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from generators.build.csp import Guard, apply_csp, inline_scripts, source_hash, tiles_origin
from generators.errors import ContentInvalid
from tests.hazards import parse
from tests.sitebuild import ROOT, SITES, build


def policies(output: Path) -> dict[str, dict[str, list[str]]]:
    """Each page's policy as {directive: sources}, after checking there is exactly one."""
    found = {}
    for path in sorted(output.rglob("*.html")):
        metas = parse(path.read_text(encoding="utf-8")).select(
            "meta[http-equiv='Content-Security-Policy']"
        )
        assert len(metas) == 1, path
        directives = [d.split() for d in metas[0]["content"].split(";")]
        found[path.relative_to(output).as_posix()] = {d[0]: d[1:] for d in directives}
    return found


def inline_script_hashes(page: Path) -> list[str]:
    """The CSP source of each script the page runs from its own text (maps' set-up)."""
    scripts = parse(page.read_text(encoding="utf-8")).find_all("script", src=False)
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode() + "'"
        for s in scripts
        if s.get("type") in (None, "", "text/javascript", "module")
    ]


@pytest.mark.slow  # hashes every inline script of every demo page: 6 to 8 s
def test_every_page_has_a_strict_policy_first_in_its_head(demo_site):
    pages = policies(demo_site)
    assert len(pages) >= 50
    for name, policy in pages.items():
        assert policy == {
            "default-src": ["'self'"],
            "script-src": ["'self'", *inline_script_hashes(demo_site / name)],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }, name
        head = parse((demo_site / name).read_text(encoding="utf-8")).head
        first = [tag.name for tag in head.find_all(True)][:2]
        assert first == ["meta", "meta"]  # charset, then the policy, then everything else


def test_every_page_sends_no_referrer(demo_site):
    for path in demo_site.rglob("*.html"):
        metas = parse(path.read_text(encoding="utf-8")).select("meta[name=referrer]")
        assert [m["content"] for m in metas] == ["no-referrer"], path


def test_inline_scripts_and_styles_a_theme_emits_are_allowed_by_hash(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "sitrep", theme)
    base = theme / "templates" / "base.html"
    script = 'document.documentElement.dataset.js = "on";'
    base.write_text(
        base.read_text().replace(
            "</head>",
            f'<script>{script}</script>\n<script type="application/ld+json">{{}}</script>\n'
            "<style>.js .skip { color: red }</style>\n</head>",
        )
    )
    output = build(SITES / "minimal" / "content", tmp_path / "output", THEME=str(theme))
    policy = policies(output)["index.html"]
    assert policy["script-src"] == ["'self'", source_hash(script)]  # JSON-LD needs no hash
    assert policy["style-src"] == ["'self'", source_hash(".js .skip { color: red }")]


def test_hashes_match_what_browsers_hash():
    # MDN's example for script-src hashes: alert('Hello, world.');
    assert source_hash("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )
    assert source_hash("a();\r\nb();") == source_hash("a();\nb();")  # parsers normalise CRLF


def test_only_scripts_a_browser_runs_are_hashed():
    html = (
        '<script>one()</script><script src="/x.js"></script><SCRIPT type="module">two()'
        '</SCRIPT><script type="application/ld+json">{"a": 1}</script><script>three()</script >'
    )
    assert inline_scripts(html) == ["one()", "two()", "three()"]


@pytest.mark.parametrize(
    ("tiles", "origin"),
    [
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://tiles.example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443"),
        ({"url": "https://tiles.example.org/{z}/{x}/{y}.png"}, "https://tiles.example.org"),
        ("OpenStreetMap", "https://tile.openstreetmap.org"),
        ("/tiles/{z}/{x}/{y}.png", None),  # served by the site itself
        (None, None),
        (False, None),
        ("", None),
    ],
)
def test_tiles_host_is_read_from_map_tiles(tiles, origin):
    assert tiles_origin(tiles) == origin


def test_tiles_host_is_allowed_only_when_map_tiles_names_one(tmp_path):
    tiles = {
        "url": "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "&copy; OpenStreetMap contributors",
    }
    output = build(SITES / "minimal" / "content", tmp_path / "output", MAP_TILES=tiles)
    policy = policies(output)["index.html"]
    assert policy["img-src"] == ["'self'", "https://*.tile.openstreetmap.org"]
    assert policy["connect-src"] == ["'self'", "https://*.tile.openstreetmap.org"]
    assert (
        "img-src"
        not in policies(build(SITES / "minimal" / "content", tmp_path / "o2"))["index.html"]
    )


def test_pass_leaves_fragments_alone_and_inserts_after_charset(tmp_path):
    (tmp_path / "fragment.html").write_text("<p>no head here</p>")
    (tmp_path / "page.html").write_text('<html><head>\n<meta charset="utf-8">\n</head></html>')
    apply_csp(tmp_path, Guard({}), (), ["fragment.html", "page.html"])
    assert (tmp_path / "fragment.html").read_text() == "<p>no head here</p>"
    page = (tmp_path / "page.html").read_text()
    assert re.match(r'<html><head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Sec', page)


def test_a_script_from_content_is_never_blessed_with_a_hash(tmp_path):
    """Were a template to show a field unescaped, the build would hash the planted script
    like one of its own; it refuses instead, pointing at the content."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "sitrep", theme)
    event = theme / "templates" / "event.html"
    event.write_text(event.read_text().replace('{{ event|tr("title") }}', "{{ event.title|safe }}"))
    with pytest.raises(ContentInvalid) as caught:
        build(SITES / "hostile" / "content", tmp_path / "output", THEME=str(theme))
    report = str(caught.value)
    assert "error: this <script> runs as a script on events/2016-08-06-hostile/index.html" in report
    assert report.startswith("content/")
    assert not (tmp_path / "output").exists()


def test_a_script_added_after_a_build_is_caught_reading_only_the_changed_file(
    tmp_path, monkeypatch
):
    """The next build reads again only the content files whose identity on disk changed
    (the scan is kept in the store's manifest), and still refuses the planted script."""
    from generators.build import csp

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "sitrep", theme)
    event = theme / "templates" / "event.html"
    event.write_text(event.read_text().replace('{{ event|tr("title") }}', "{{ event.title|safe }}"))
    content = tmp_path / "content"
    shutil.copytree(SITES / "minimal" / "content", content)
    monkeypatch.setattr(csp, "_SETTLED_NS", 0)  # files copied a moment ago count as settled
    build(content, tmp_path / "output", THEME=str(theme), SITE_LANGUAGES=["en"])
    edited = content / "events" / "2016" / "08" / "2016-08-05-assault.yaml"
    text = edited.read_text()
    edited.write_text(text.replace("title: ", "title: <script>planted()</script> ", 1))
    read: list[str] = []
    scan = csp.scripts_in_file
    monkeypatch.setattr(
        csp, "scripts_in_file", lambda root, name: read.append(name) or scan(root, name)
    )
    with pytest.raises(ContentInvalid) as caught:
        build(content, tmp_path / "output", THEME=str(theme), SITE_LANGUAGES=["en"])
    assert "this <script> runs as a script on events/2016-08-05-assault/index.html" in str(
        caught.value
    )
    assert read == ["events/2016/08/2016-08-05-assault.yaml"]


def test_a_file_changed_just_before_its_scan_is_read_again_by_the_next(tmp_path):
    """Times on disk tick coarsely: a second edit in the same tick keeps them, so a file is
    known by its identity only once it has been left alone for a while."""
    from generators.build.csp import scan_file

    (tmp_path / "a.md").write_text("<script>one()</script>\n")
    changed = (tmp_path / "a.md").stat().st_ctime_ns
    fresh = scan_file(tmp_path, "a.md", None, changed)
    assert fresh[0] is None and "one()" in fresh[1]
    settled = scan_file(tmp_path, "a.md", None, changed + 3_000_000_000)
    assert settled[0] is not None and settled[1] == fresh[1]
    # A file still as the scan saw it is not read: the scan is handed back as it was.
    assert scan_file(tmp_path, "a.md", settled, changed + 4_000_000_000) is settled
