"""The content format: field types parse text, models report every error of an item at
once, and the helpers the pages rely on (names on a date, figures as text) say the right
thing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from generators.content.schema import (
    Actor,
    AnalysisMeta,
    Event,
    Place,
    Range,
    day_of,
    errors_from,
    id_like,
    suggest,
)
from generators.content.yamlsource import Document

EVENT = {
    "title": "T",
    "date": "2016-08-06",
    "type": "battles",
    "place": "city",
    "sources": [{"source": "wire", "credibility": "2"}],
}


def messages(model, data) -> dict[str, str]:
    """{field: message} of every error, as authors read them."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {e.field: e.message for e in errors_from(caught.value, Document("x.yaml"), model)}


@pytest.mark.parametrize("text", ["NO", "off", "yes", "1:30", "0777", "2016-08-06", "null"])
def test_text_fields_keep_what_looks_like_other_types(text):
    assert Event.model_validate({**EVENT, "title": text}).title == text
    assert Actor.model_validate({"name": text, "kind": "civilians"}).name == text


def test_dates_and_date_times():
    assert Event.model_validate(EVENT).date == date(2016, 8, 6)
    moment = Event.model_validate({**EVENT, "date": "2016-08-06T23:30:00+03:00"}).date
    assert moment == datetime(2016, 8, 6, 23, 30, tzinfo=timezone(timedelta(hours=3)))
    assert day_of(moment) == date(2016, 8, 6)  # the author's day, not UTC's
    assert messages(Event, {**EVENT, "date": "2016-08-06T23:30:00"})["date"].startswith(
        "expected a date-time with its offset"
    )
    assert messages(Event, {**EVENT, "date": "2016-02-30"}) == {
        "date": "expected a real calendar day, got '2016-02-30'"
    }
    assert messages(Event, {**EVENT, "date": "2016-8-6"})["date"].startswith(
        "expected a date like 2016-08-06"
    )


def test_every_error_of_an_event_at_once():
    data = {
        **EVENT,
        "title": ["a", "list"],
        "subtype": "air-drone-strike",
        "location": {"name": "Road", "lat": "36", "lon": "37"},
        "end_date": "2016-08-01",
        "fatalities": "many",
    }
    assert sorted(messages(Event, data)) == ["end_date", "fatalities", "place", "subtype", "title"]


def test_cross_checks_skip_values_that_do_not_parse():
    # No end-date complaint when the date itself is wrong; no subtype one when type is.
    assert messages(Event, {**EVENT, "date": "6 Aug", "end_date": "2016-08-01"}).keys() == {"date"}
    assert messages(Event, {**EVENT, "type": "battle", "subtype": "air-drone-strike"}).keys() == {
        "type"
    }


def test_cross_checks_of_nested_items_keep_their_place():
    data = {
        "name": "N",
        "kind": "rebel-group",
        "aliases": [{"name": "", "from": "2016-07-28", "until": "2016-07-01"}],
    }
    assert messages(Actor, data) == {
        "aliases[0].name": "expected one line of text, got an empty value",
        "aliases[0].until": "expected 'until' after 'from' 2016-07-28, got 2016-07-01",
    }


def test_braces_in_an_author_value_are_not_placeholders():
    got = messages(Event, {**EVENT, "date": "{hint} {message}"})["date"]
    assert got.endswith("got '{hint} {message}'")


def test_name_on_a_date_follows_aliases():
    actor = Actor.model_validate(
        {
            "name": "Jabhat Fateh al-Sham",
            "kind": "rebel-group",
            "aliases": [
                {"name": "Jabhat al-Nusra", "from": "2012-01-23", "until": "2016-07-28"},
            ],
        }
    )
    assert actor.name_on(date(2016, 7, 27)) == "Jabhat al-Nusra"
    assert actor.name_on(date(2016, 7, 28)) == "Jabhat Fateh al-Sham"  # until is exclusive
    assert actor.name_on(date(2012, 1, 23)) == "Jabhat al-Nusra"  # from is inclusive
    assert actor.name_on(date(2012, 1, 22)) == "Jabhat Fateh al-Sham"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("12", "12"),
        ("1200", "1,200"),
        ({"min": "300"}, "at least 300"),
        ({"max": "5"}, "up to 5"),
        ({"min": "3", "max": "10"}, "3-10"),
        ({"min": "4", "max": "4"}, "4"),
    ],
)
def test_range_reads_as_text(value, text):
    assert str(Range.model_validate(value)) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "expected a whole number of 0 or more, got '-1'"),
        ("1,200", "expected a whole number of 0 or more, got '1,200'"),
        ({"min": "9", "max": "3"}, "expected min <= max, got min 9 and max 3"),
        ({}, "expected a number or {min, max}, got neither"),
    ],
)
def test_range_errors(value, message):
    assert messages(Event, {**EVENT, "fatalities": value}) == {"fatalities": message}


@pytest.mark.parametrize(
    ("lat", "hint"),
    [
        ("137.1", "137.1 would be a longitude: lat comes first, then lon; are they swapped?"),
        ("200", "latitude runs from -90 (south pole) to 90 (north pole)"),
        ("36:12:36", "convert degrees and minutes to decimal degrees: 36:12:36 is 36.21"),
    ],
)
def test_coordinates_hints(lat, hint):
    with pytest.raises(ValidationError) as caught:
        Place.model_validate({"name": "P", "lat": lat, "lon": "37"})
    (error,) = errors_from(caught.value, Document("x.yaml"), Place)
    assert error.hint == hint


def test_analysis_metadata_lists_are_comma_separated_ids():
    meta = AnalysisMeta.model_validate(
        {"title": "T", "date": "2016-08-07", "events": "a-1, b-2 ,c"}
    )
    assert meta.events == ["a-1", "b-2", "c"]


def test_suggestions():
    assert suggest("tittle", ["title", "date"]) == "did you mean 'title'?"
    assert suggest("b", ["A", "B"]) == "did you mean 'B'?"
    assert suggest("zzz", ["title"]) == ""
    assert id_like("../places/City Centre.yaml") == "city-centre"
    assert id_like("Rebel_Alliance") == "rebel-alliance"


@pytest.mark.parametrize(
    ("char", "message"),
    [
        ("\u202e", "got the direction control U+202E"),
        ("\u2067", "got the direction control U+2067"),
        ("\u200b", "got the invisible character U+200B"),
        ("\x9b", "got the control character U+009B"),
        ("\x7f", "got the control character U+007F"),
    ],
)
def test_text_refuses_characters_that_reorder_or_hide(char, message):
    for field in ("title", "summary"):
        found = messages(Event, {**EVENT, field: f"Siege {char}broken"})
        assert found[field].endswith(message)
    assert messages(Actor, {"name": f"A{char}b", "kind": "civilians"})["name"].endswith(message)


def test_text_keeps_the_joiners_and_marks_arabic_needs():
    title = "می\u200cخواهم \u200fحلب\u200e"  # noqa: RUF001 (Persian, Arabic)
    assert Event.model_validate({**EVENT, "title": title}).title == title


@pytest.mark.parametrize("day", ["1899-12-31", "3000-01-01", "9999-12-31", "0001-01-01"])
def test_dates_stay_within_the_years_pages_can_compute(day):
    found = messages(Event, {**EVENT, "date": day})
    assert found["date"] == f"expected a date from 1900 to 2999, got '{day}'"
    found = messages(Event, {**EVENT, "date": f"{day}T23:00:00-05:00"})
    assert found["date"].startswith("expected a date from 1900 to 2999")
    assert Event.model_validate({**EVENT, "date": "2999-12-31"}).day == date(2999, 12, 31)
