"""The static map's outlines of areas are cut to the picture (generators/views/svgmap.py):
what a reader sees must be what the whole outline draws, and what lies off the picture is
not written."""

from __future__ import annotations

import math
import re

import shapely
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.views.mapdata import Bounds
from generators.views.svgmap import CLIP_MARGIN, Projection, SvgArea, render_svg

WIDTH, HEIGHT = 640, 360
VIEW = Bounds(37.10, 36.15, 37.20, 36.25)  # a district, as an event's small map shows


def drawn_rings(svg: str) -> list[list[tuple[float, float]]]:
    """The subpaths of the area's drawn path, as lists of pixels."""
    paths = BeautifulSoup(svg, "html.parser").select("g.areas path")
    d = paths[-1]["d"]  # a line's casing comes first; the line itself, with its title, last
    return [
        [tuple(map(float, point.split())) for point in part.rstrip("Z").split("L")]
        for part in re.findall(r"M([^M]+)", d)
    ]


def even_odd(rings) -> shapely.Geometry:
    """What an even-odd fill of the rings covers."""
    covered = shapely.Polygon()
    for ring in rings:
        covered = covered.symmetric_difference(shapely.Polygon(ring).buffer(0))
    return covered


def draw(rings, line: bool = False) -> str:
    area = SvgArea("Held", "#1b7837", claimed=False, line=line, rings=rings, key="a")
    return str(render_svg(VIEW, [], [area], [], "A map", WIDTH, HEIGHT))


lon = st.floats(36.0, 38.3)  # up to 11 widths of the view on either side
lat = st.floats(35.6, 36.8)


@st.composite
def rings(draw_, count: int = 2):
    """Simple rings (convex hulls of random points), some far larger than the view."""
    found = []
    for _ in range(draw_(st.integers(1, count))):
        points = draw_(st.lists(st.tuples(lon, lat), min_size=3, max_size=12))
        hull = shapely.MultiPoint(points).convex_hull
        if hull.geom_type == "Polygon" and hull.area > 1e-6:
            found.append(list(hull.exterior.coords))
    return found


@settings(max_examples=150, deadline=None)
@given(rings())
def test_a_cut_outline_fills_what_the_whole_one_fills_inside_the_picture(outline):
    if not outline:
        return
    project = Projection(VIEW, WIDTH, HEIGHT)
    whole = even_odd([[project(p) for p in ring] for ring in outline])
    cut = drawn_rings(draw(outline))
    picture = shapely.box(0, 0, WIDTH, HEIGHT)
    # The same pixels inside the picture, to the tenth of a pixel the path is written in.
    shown, drawn = whole.intersection(picture), even_odd(cut).intersection(picture)
    assert shown.symmetric_difference(drawn).area <= 0.1 * max(shown.length, 1)
    # Nothing is written farther off the picture than the margin that hides the cut edges.
    for ring in cut:
        for x, y in ring:
            assert -CLIP_MARGIN - 0.1 <= x <= WIDTH + CLIP_MARGIN + 0.1
            assert -CLIP_MARGIN - 0.1 <= y <= HEIGHT + CLIP_MARGIN + 0.1


def test_a_region_around_a_district_is_written_as_the_picture_not_its_outline():
    project = Projection(VIEW, WIDTH, HEIGHT)
    # A ring of 400 points the size of a governorate, around the view
    turns = [2 * math.pi * a / 400 for a in range(400)]
    region = [(37.15 + 1.5 * math.cos(t), 36.2 + math.sin(t)) for t in turns]
    region.append(region[0])
    cut = drawn_rings(draw([region]))
    assert sum(len(ring) for ring in cut) <= 6  # the picture's corners, closed
    assert even_odd(cut).contains(shapely.box(0, 0, WIDTH, HEIGHT))
    assert not even_odd([[project(p) for p in region]]).is_empty


def test_a_front_line_through_the_picture_is_cut_at_its_edges():
    line = [(36.0, 36.2), (37.15, 36.21), (38.3, 36.2)]  # 23 widths of the view long
    (cut,) = drawn_rings(draw([line], line=True))
    assert [round(x) for x, _y in (cut[0], cut[-1])] == [-CLIP_MARGIN, WIDTH + CLIP_MARGIN]
    project = Projection(VIEW, WIDTH, HEIGHT)
    assert cut[1] == tuple(float(f"{v:.1f}") for v in project((37.15, 36.21)))
