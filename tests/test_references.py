"""Checks between files, on the loaded minimal site with one reference changed at a time."""

from __future__ import annotations

import pytest

from generators.content.loader import load_site
from generators.content.references import check_references
from tests.sitebuild import SITES

SIEGE = "2016-08-06-siege-broken"


@pytest.fixture
def site():
    return load_site(SITES / "minimal" / "content")


def reported(site) -> list[str]:
    return [error.format() for error in check_references(site)]


def test_the_minimal_site_has_no_broken_reference(site):
    assert reported(site) == []


def test_unknown_place_with_the_file_to_create(site):
    site.events[SIEGE].place = "old-town"
    assert reported(site) == [
        "content/events/2016/08/2016-08-06-siege-broken.yaml:5:8: error: place: unknown place "
        "'old-town' (hint: no file places/old-town.yaml: create it, or check the id)"
    ]


def test_close_ids_are_suggested_but_not_distant_dated_ones(site):
    site.events[SIEGE].related = ["2016-08-05-asault", "2016-08-09-truce"]
    assert [e.hint for e in check_references(site)] == [
        "did you mean '2016-08-05-assault'?",
        "no file events/2016-08-09-truce.yaml: create it, or check the id",
    ]


def test_a_claim_may_be_made_by_an_actor_or_a_source(site):
    claims = site.events[SIEGE].claims
    assert {claims[0].by, claims[1].by} == {"rebel-alliance", "state-tv"}
    claims[0].by = "spokesman"
    (error,) = check_references(site)
    assert (error.field, error.message) == ("claims[0].by", "unknown actor or source 'spokesman'")


def test_a_claim_cites_one_of_the_events_sources(site):
    site.events[SIEGE].sources.pop()  # state-tv is no longer cited
    (error,) = check_references(site)
    assert error.field == "claims[1].source"
    assert error.message == "expected one of this event's sources (wire), got 'state-tv'"


def test_an_item_cannot_be_its_own_parent_or_member(site):
    site.places["city"].parent = "city"
    site.actors["new-front"].member_of[0].actor = "new-front"
    assert [(e.field, e.message) for e in check_references(site)] == [
        ("member_of[0].actor", "expected another actor, got this actor itself"),
        ("parent", "expected another place, got this place itself"),
    ]


def test_parent_loops_are_reported_on_each_place_of_the_loop(site):
    site.places["city"].parent = "district"
    assert [(e.path, e.message) for e in check_references(site)] == [
        (
            "content/places/city.yaml",
            "expected a place that contains this one, got a loop: city -> district -> city",
        ),
        (
            "content/places/district.yaml",
            "expected a place that contains this one, got a loop: district -> city -> district",
        ),
    ]


def test_references_to_a_file_that_exists_but_is_invalid_are_not_reported_twice(site):
    del site.places["district"]
    assert len(reported(site)) == 2  # the two events placed in the district
    site.invalid.add(("places", "district"))
    assert reported(site) == []
