"""The Protomaps basemap schema (v4) as sitrep writes it: the layers, and the zoom from
which each kind is drawn. protomaps-leaflet's default style (its `default_style/style.ts`)
draws a layer by its name and chooses colours and widths by `kind` (and, for roads,
`kind_detail`), so these names are a contract with the browser.

- `earth`: land polygons (kind `earth`);
- `water`: polygons, kind `ocean`, `lake` or `water`; lines, kind `river`, `stream`,
  `canal`, `drain` or `ditch` (the style draws river and stream lines);
- `landuse`: polygons, kind `park`, `cemetery`, `hospital`, `school`, `military`,
  `industrial`, `forest`...;
- `roads`: lines, kind `highway`, `major_road`, `minor_road`, `path`, `rail` or `other`,
  `kind_detail` the OSM highway (or railway) value, `is_link` on motorway and trunk links;
- `boundaries`: lines, kind `country` or `region` (and `county`, `locality`),
  `kind_detail` the admin_level as an integer (the style draws 2 and below thicker);
- `buildings`: polygons, kind `building`;
- `places`: points, kind `country`, `region`, `locality` (drawn) or `neighbourhood`, with
  `name` and every `name:<lang>`, and the numbers `min_zoom` and `population_rank`.
"""

from __future__ import annotations

LAYERS = ("earth", "water", "landuse", "roads", "boundaries", "buildings", "places")

# Breaks of `population_rank` (the schema's): the rank is 1 + the number of breaks above
# the first that the population reaches; 0 when the population is not known.
POPULATION_BREAKS = (
    0, 200, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
    1_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 1_000_000_000,
)  # fmt: skip


def population_rank(population: int | None) -> int:
    if population is None or population < 0:
        return 0
    return sum(1 for step in POPULATION_BREAKS if population >= step)


def boundary_kind(admin_level: int) -> str:
    if admin_level <= 2:
        return "country"
    if admin_level <= 4:
        return "region"
    if admin_level <= 6:
        return "county"
    return "locality"
