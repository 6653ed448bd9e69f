"""Every internal link and asset reference of the built sites resolves."""

from __future__ import annotations

from tests.linkcheck import broken_links


def test_demo_site_has_no_broken_link(demo_site):
    assert broken_links(demo_site) == []


def test_fixture_sites_have_no_broken_link(minimal_site, hostile_site):
    assert broken_links(minimal_site) == []
    assert broken_links(hostile_site) == []


def test_link_checker_finds_what_is_broken(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text(
        "a { background: url('../img/gone.png') } b { background: url(data:image/png;x) }"
    )
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="/css/site.css"><a href="#top">t</a>'
        '<a href="/missing/">m</a><a href="https://example.org/">x</a><p id="here">'
        '<img srcset="/a.png 1x, /index.html 2x"><div style="background: url(/b.png)">'
        '<a href="index.html#here">ok</a><a href="../../etc/passwd">out</a>'
    )
    assert broken_links(tmp_path) == [
        "/css/site.css -> ../img/gone.png (no such file)",
        "/index.html -> #top (no element with that id)",
        "/index.html -> /missing/ (no such file)",
        "/index.html -> ../../etc/passwd (no such file)",
        "/index.html -> /a.png (no such file)",
        "/index.html -> /b.png (no such file)",
    ]
