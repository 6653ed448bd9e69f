"""The site's own basemap in a built site (views/basemap.py, svgbasemap.py): the demo's
PMTiles file and its renderer served by the site, every map told where they are and what to
credit, the static map drawing the same land, and a BASEMAP that cannot work stopping the
build with what to do, the previous site untouched."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generators.cli.commands import main
from generators.errors import SettingsInvalid
from generators.geo.archive import read_info
from generators.settings import check
from generators.views import basemap as basemap_module
from tests.sitebuild import DEMO_BASEMAP, ROOT, SITES, build, page, tree

RENDERER = ROOT / "node_modules" / "protomaps-leaflet" / "dist" / "protomaps-leaflet.js"


def map_options(output, soup) -> dict:
    """The options sitrep-map.js is handed on a page: in its inline set-up (/map/'s), or in
    the small maps' shared set-up file it loads."""
    scripts = [s.string for s in soup.find_all("script") if s.string]
    for s in soup.find_all("script", src=True):
        if s["src"].startswith("/map/small"):
            scripts.append((output / s["src"].split("?")[0].lstrip("/")).read_text("utf-8"))
    script = next(s for s in scripts if "sitrepMap." in s)
    found = re.search(r"sitrepMap\.\w+\(\w+, (\{.*?\}), \{", script, re.S)
    assert found, script[:200]
    return json.loads(found.group(1))


def test_the_demo_serves_its_basemap_and_renderer_and_every_map_uses_them(demo_site):
    served = demo_site / "basemap" / "aleppo.pmtiles"
    assert served.read_bytes() == (ROOT / "content" / DEMO_BASEMAP).read_bytes()
    renderer = (demo_site / "basemap" / "protomaps-leaflet.js").read_bytes()
    assert renderer.startswith(b'"use strict";var protomapsL=')
    assert b"sourceMappingURL" not in renderer  # the map file is not served
    credit = read_info(served).attribution
    assert "Natural Earth" in credit
    for url, lang in [("/map/", "en"), ("/ar/map/", "ar"), ("/places/aleppo/", "en")]:
        soup = page(demo_site, url)
        figure = soup.select_one("figure.map")
        assert figure["data-basemap"] == "/basemap/aleppo.pmtiles"
        scripts = [s.get("src") for s in soup.find_all("script") if s.get("src")]
        assert "/basemap/protomaps-leaflet.js" in scripts
        # Before the map code that uses it.
        assert scripts.index("/basemap/protomaps-leaflet.js") < next(
            i for i, src in enumerate(scripts) if src.endswith("sitrep-map.js")
        )
        options = map_options(demo_site, soup)
        assert options["basemap"]["attribution"] == credit
        assert options["basemap"]["maxDataZoom"] == read_info(served).max_zoom
        assert options.get("lang", "en") == lang
        # Without JavaScript: the static map draws the basemap's land under the areas.
        svg = figure.select_one("svg.map-static")
        land = svg.select_one("g.basemap path[fill='#e2dfda']")
        assert land is not None and len(land["d"]) > 20
        assert svg.index(svg.select_one("g.basemap")) < svg.index(svg.select_one("g.areas"))
        caption = figure.select_one(".map-credit").get_text()
        assert credit in caption
        assert caption.startswith("الخريطة الأساسية" if lang == "ar" else "Basemap:")


def test_a_site_without_basemap_has_none(minimal_site):
    assert not (minimal_site / "basemap").exists()
    soup = page(minimal_site, "/map/")
    assert not soup.select_one("figure.map").has_attr("data-basemap")
    assert "basemap" not in map_options(minimal_site, soup)
    assert soup.select_one("svg.map-static g.basemap") is None


@pytest.fixture
def desk(tmp_path) -> Path:
    """The minimal site's content with a copy of the demo's basemap, built once."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "minimal" / "content", content)
    (content / "basemap").mkdir()
    shutil.copy(ROOT / "content" / DEMO_BASEMAP, content / DEMO_BASEMAP)
    build(content, tmp_path / "output", BASEMAP=DEMO_BASEMAP)
    return content


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda f: f.unlink(), "BASEMAP: no file content/basemap/aleppo.pmtiles: make it with "),
        (lambda f: f.write_bytes(b"not tiles"), "BASEMAP: "),
        (lambda f: f.write_bytes(f.read_bytes()[:200]), "BASEMAP: "),
    ],
    ids=["missing", "not-pmtiles", "cut-short"],
)
def test_a_basemap_that_cannot_work_stops_the_build_and_keeps_the_site(desk, damage, said):
    output = desk.parent / "output"
    before = tree(output)
    damage(desk / DEMO_BASEMAP)
    with pytest.raises(SettingsInvalid) as raised:
        build(desk, output, BASEMAP=DEMO_BASEMAP)
    message = str(raised.value)
    assert message.startswith(said) and "\n" not in message
    assert "Traceback" not in message and str(desk.parent) not in message  # no machine path
    assert tree(output) == before


def test_without_the_renderer_the_build_says_to_install_it(desk, monkeypatch, tmp_path):
    monkeypatch.setattr(basemap_module, "node_modules", lambda settings: [tmp_path / "none"])
    settings = {"PATH": str(desk), "BASEMAP": DEMO_BASEMAP}
    with pytest.raises(SettingsInvalid, match=r"protomaps-leaflet, is not installed: run `npm ci`"):
        basemap_module.basemap(settings)


def test_basemap_settings_are_checked():
    for wrong in ["basemap.png", "/srv/basemap.pmtiles", "../basemap.pmtiles", 3]:
        with pytest.raises(SettingsInvalid, match=r"^BASEMAP: expected None or the path of a"):
            check({"BASEMAP": wrong})
    tiles = {"url": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "Example"}
    with pytest.raises(SettingsInvalid, match="BASEMAP and MAP_TILES: set one of the two"):
        check({"BASEMAP": DEMO_BASEMAP, "MAP_TILES": tiles})
    assert check({"BASEMAP": DEMO_BASEMAP}).BASEMAP == DEMO_BASEMAP


def test_the_command_line_reports_a_missing_basemap_in_one_line(tmp_path, capsys):
    project = tmp_path / "desk"
    shutil.copytree(SITES / "minimal" / "content", project / "content")
    settings = (ROOT / "pelicanconf.py").read_text() + f'\nBASEMAP = "{DEMO_BASEMAP}"\n'
    (project / "pelicanconf.py").write_text(settings)
    shutil.copytree(ROOT / "themes", project / "themes")
    code = main(["-s", str(project / "pelicanconf.py"), "build", "--no-search"])
    err = capsys.readouterr().err
    assert code == 1
    assert "BASEMAP: no file content/basemap/aleppo.pmtiles: make it with `sitrep basemap" in err
    assert "Traceback" not in err
    assert not (project / "output").exists()
