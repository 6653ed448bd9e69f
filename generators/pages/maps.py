"""`/map/` and what every map needs: the maps of this build (`SiteMaps`, in the views) made
available to every page as `maps`, then /map/, its data files and the self-hosted Leaflet
and MarkerCluster, copied from their xstatic packages into the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

from ..build.inputs import Input
from ..build.store import OutputStore
from ..content.i18n import languages_for
from ..content.model import Site
from ..views.basemap import Basemap
from ..views.maps import SiteMaps
from .base import SitrepGenerator

VENDOR = "vendor"  # under THEME_STATIC_DIR
ASSETS = {
    "leaflet": (
        xstatic.pkg.leaflet,
        ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
         "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"],
    ),
    "leaflet.markercluster": (
        xstatic.pkg.leaflet_markercluster,
        ["leaflet.markercluster.js", "MarkerCluster.css"],
    ),
}  # fmt: skip


def copy_assets(store: OutputStore, static_dir: str, basemap: Basemap | None) -> list[str]:
    """Copy Leaflet and MarkerCluster from their xstatic packages into the site, and the
    basemap with its renderer when there is one."""
    files = {
        f"{static_dir}/{VENDOR}/{name}/{file}": Path(package.BASE_DIR) / file
        for name, (package, names) in ASSETS.items()
        for file in names
    }
    files.update(basemap.files() if basemap else {})
    for target, source in files.items():
        data = source.read_bytes()
        if source.suffix == ".js":  # not every package ships its source map: drop the link
            data = re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", data)
        store.file(target, data)
    return list(files)


class MapGenerator(SitrepGenerator):
    """Makes the maps available to every page (`maps`), writes /map/, its data and assets."""

    later = True

    def generate_context(self) -> None:
        super().generate_context()
        self._share_maps()

    def refresh(self, before: Site, changed: frozenset[Input]) -> bool:
        self._share_maps()  # the maps of the site loaded again
        return False

    def _share_maps(self) -> None:
        maps = SiteMaps(self.site, self.settings)
        keys = self.context["sitrep_store"].keys
        if keys is not None:  # what pages read of it is recorded: keys count it by name
            keys.share(maps, "maps")
        maps.languages = languages_for(self.context)
        self.context["maps"] = maps

    def pages(self):
        return [("map/", "map", {"map": self.context["maps"].full(self.language)})]

    def generate_output(self, writer) -> None:
        super().generate_output(writer)
        store = self.context["sitrep_store"]
        maps = self.context["maps"]
        for name, data in {**maps.data_files(), **maps.script_files()}.items():
            store.file(name, data)
        copy_assets(store, self.settings["THEME_STATIC_DIR"], maps.basemap)
