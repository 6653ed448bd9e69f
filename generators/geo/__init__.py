"""The basemap's geography: vector tiles in one PMTiles file, made and read.

A library layer, like `build/`: it knows no content type and imports nothing from `cli/`,
`pages/`, `views/` or `content/`. `tiles.py` is the web-mercator tile math, `mvt.py`
turns features into one Mapbox Vector Tile and back, `archive.py` writes, reads and cuts
PMTiles files, `topojson.py`, `naturalearth.py`, `geonames.py` and `osm.py` read the
sources, and
`build.py` makes the tiles of an area from their features. `schema.py` holds the
Protomaps basemap (v4) layers and kinds the features are sorted into, so that
protomaps-leaflet's default style draws them.

What the rest of sitrep calls:

- `features(path, bbox, zoom)`: the features of a basemap over an area, in lon/lat
  (the maps' no-JavaScript SVG fallback);
- `read_info(path)`: a basemap's bounds, centre, zooms and attribution (`BasemapInfo`);
- `BasemapError`: raised by every reader and writer here on a file it cannot use.
"""

from __future__ import annotations

from .archive import BasemapError, BasemapInfo, read_info
from .feature import Feature
from .read import features
from .tiles import BBox

__all__ = ["BBox", "BasemapError", "BasemapInfo", "Feature", "features", "read_info"]
