"""Coordinates that protect people: a place or an event's location marked `sensitive: true`
is published only on a grid of SENSITIVE_PRECISION degrees.

The site is generalised once, when it is loaded for a build (`generalise`), before any page,
map, feed or export sees it: what the desk wrote at full precision never reaches a
template, so no output can carry it, whichever way it writes coordinates. Validation
(`sitrep validate`) keeps the coordinates as written.
"""

from __future__ import annotations

import math
from decimal import Decimal

from .model import Site
from .schema import Event, Location, Place


def digits(precision: float) -> int:
    """How many decimals a coordinate on the grid of `precision` degrees needs: 1 for 0.1,
    2 for 0.25, 0 for 1."""
    exponent = Decimal(str(precision)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def coarse(value: float, precision: float) -> float:
    """`value` on the grid of `precision` degrees (the nearest multiple, halves away from
    zero), written with no more decimals than the grid has."""
    steps = math.floor(abs(value) / precision + 0.5)
    return math.copysign(round(steps * precision, digits(precision)), value) + 0.0


def km(precision: float) -> int:
    """About how many kilometres a grid cell of `precision` degrees spans north to south."""
    return max(1, round(precision * 111.32))


def _place(place: Place, precision: float) -> Place:
    lat, lon = coarse(place.lat, precision), coarse(place.lon, precision)
    return place.model_copy(update={"lat": lat, "lon": lon})


def _location(location: Location, precision: float) -> Location:
    lat, lon = coarse(location.lat, precision), coarse(location.lon, precision)
    return location.model_copy(update={"lat": lat, "lon": lon, "sensitive": True})


def generalise(site: Site, precision: float) -> None:
    """Put every sensitive place and location of `site` on the grid, and mark the events at
    a sensitive place or location `sensitive` (their pages say so). Call it before the
    site's indexes are built: they must hold the generalised items."""
    for place_id, place in site.places.items():
        if place.sensitive:
            site.places[place_id] = _place(place, precision)
    for event_id, event in site.events.items():
        location = event.location
        at_place = site.places.get(event.place) if event.place else None
        if location is not None and (event.sensitive or location.sensitive):
            update = {"location": _location(location, precision), "sensitive": True}
            site.events[event_id] = event.model_copy(update=update)
        elif at_place is not None and at_place.sensitive and not event.sensitive:
            site.events[event_id] = event.model_copy(update={"sensitive": True})


def is_sensitive(event: Event) -> bool:
    """Whether the event's location is published generalised (after `generalise`)."""
    return event.sensitive
