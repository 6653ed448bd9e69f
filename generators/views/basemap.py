"""The site's own basemap (the BASEMAP setting): one PMTiles file of vector tiles, made by
`sitrep basemap` (docs/basemap.md), copied into the site and read by readers' browsers with
HTTP range requests from the site itself, where npm's protomaps-leaflet draws it under the
map's layers. Nothing is asked of another host.

This module finds the two files (the basemap in the content folder, the renderer in
node_modules), checks them before any page is made, and says what the maps need of them:
the address, the zooms the tiles hold and the attribution the map must show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..errors import SettingsInvalid
from ..geo.archive import BasemapError, read_info
from ..settings import sitrep_settings

RENDERER = Path("protomaps-leaflet", "dist", "protomaps-leaflet.js")
FOLDER = "basemap"  # where the site serves the basemap: /basemap/<its file name>


@dataclass(frozen=True)
class Basemap:
    source: Path  # the .pmtiles file in the content folder
    url: str  # where the site serves it, from the site's root
    renderer: Path  # protomaps-leaflet's browser bundle
    min_zoom: int
    max_zoom: int
    credit: str  # the attribution the map must show, as plain text

    def options(self) -> dict[str, Any]:
        """What sitrep-map.js hands protomaps-leaflet (Leaflet shows an attribution as
        HTML: the credit goes escaped)."""
        credit = str(escape(self.credit))
        return {"url": self.url, "maxDataZoom": self.max_zoom, "attribution": credit}

    @property
    def renderer_url(self) -> str:
        return f"{FOLDER}/{self.renderer.name}"

    def files(self) -> dict[str, Path]:
        """The files the site serves for it, by their address from the site's root."""
        return {self.url: self.source, self.renderer_url: self.renderer}


def node_modules(settings: Mapping[str, Any]) -> list[Path]:
    """Where the renderer may be installed, first found first: beside the desk's content
    folder (the desk's repository), the folder sitrep runs in, sitrep's own checkout."""
    here = Path(__file__).resolve().parents[2]
    found = [Path(settings["PATH"]).resolve().parent, Path.cwd(), here]
    return list(dict.fromkeys(folder / "node_modules" for folder in found))


def basemap(settings: Mapping[str, Any]) -> Basemap | None:
    """The site's basemap, checked, or None without BASEMAP."""
    name = sitrep_settings(settings).BASEMAP
    if name is None:
        return None
    source = Path(settings["PATH"]) / name
    shown = f"{Path(settings['PATH']).name}/{name}"
    installed = (folder / RENDERER for folder in node_modules(settings))
    renderer = next((path for path in installed if path.is_file()), None)
    if renderer is None:
        raise SettingsInvalid(
            "BASEMAP: the basemap's renderer, npm's protomaps-leaflet, is not installed: run "
            "`npm ci` in the site's folder (package.json pins it; `make site` does this)"
        )
    if not source.is_file():
        raise SettingsInvalid(
            f"BASEMAP: no file {shown}: make it with `sitrep basemap {shown}` "
            "(docs/basemap.md), or set BASEMAP = None"
        )
    try:
        info = read_info(source)
    except BasemapError as exc:  # its message names the file by its full path
        said = str(exc).replace(str(source), shown)
        raise SettingsInvalid(f"BASEMAP: {said}: make it again with `sitrep basemap`") from None
    if info.tile_type != "mvt":
        raise SettingsInvalid(
            f"BASEMAP: {shown} holds {info.tile_type} tiles, not vector tiles (MVT)"
        )
    if not info.attribution.strip():
        raise SettingsInvalid(
            f"BASEMAP: {shown} names no attribution in its metadata, which the map must "
            "show: make it again with `sitrep basemap`, which records its sources' credits"
        )
    return Basemap(
        source=source,
        url=f"{FOLDER}/{source.name}",
        renderer=renderer,
        min_zoom=info.min_zoom,
        max_zoom=info.max_zoom,
        credit=info.attribution.strip(),
    )
