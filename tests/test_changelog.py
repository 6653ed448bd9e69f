"""/data/changes.json and /data/changes.xml (views/changelog.py), and each event's
last-modified date in the downloads, from the content's git history (a temporary
repository here: the dates are the commits')."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from frictionless import validate

from tests.sitebuild import SITES, build, differences, tree
from tests.test_history import commit, git

ASSAULT = "content/events/2016/08/2016-08-05-assault.yaml"
OLD_NAME = "content/events/2016-07-20-old-name.yaml"
PUBLISHED = "2016-08-06T09:00:00+03:00"
REGRADED = "2016-08-07T18:30:00+03:00"
WITHDRAWN = "2016-08-08T08:00:00+03:00"


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> Path:
    """The minimal site published, then the assault regraded, then an event withdrawn."""
    repo = tmp_path_factory.mktemp("changes") / "minimal"
    shutil.copytree(SITES / "minimal", repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Publish the first events", PUBLISHED)
    event = repo / ASSAULT
    text = event.read_text(encoding="utf-8").replace("grade: fair", "grade: contested")
    event.write_text(text.replace("fatalities: 12", "fatalities: 14"), encoding="utf-8")
    commit(repo, "Regrade\n\nDesk-note: State TV denies the attack.", REGRADED)
    (repo / OLD_NAME).unlink()
    commit(repo, "Withdraw", WITHDRAWN)
    return build(repo / "content", repo.parent / "output")


def changes(output: Path) -> dict:
    return json.loads((output / "data" / "changes.json").read_text(encoding="utf-8"))


def test_changes_list_every_addition_update_and_withdrawal_newest_first(synced):
    listed = changes(synced)
    assert listed["from_git_history"] is True
    assert [(c["id"], c["change"], c["date"]) for c in listed["changes"]] == [
        ("2016-07-20-old-name", "withdrawn", WITHDRAWN),
        ("2016-08-05-assault", "updated", REGRADED),
        ("2016-07-20-old-name", "added", PUBLISHED),
        ("2016-08-05-assault", "added", PUBLISHED),
        ("2016-08-06-siege-broken", "added", PUBLISHED),
    ]
    update = listed["changes"][1]
    assert update["fields"] == ["fatalities", "assessment.grade"]
    assert update["summary"] == "fatalities: 12 → 14; grade: fair → contested"
    assert update["note"] == "State TV denies the attack."
    assert update["url"] == "/events/2016-08-05-assault/"
    assert "url" not in listed["changes"][0]  # withdrawn: it has no page any more
    # The withdrawn id stays on record, so that a consumer's copy can drop it.
    assert listed["withdrawn"] == ["2016-07-20-old-name"]


def test_a_consumer_reads_what_changed_since_a_date_from_the_one_file(synced):
    since = datetime.fromisoformat("2016-08-07T00:00:00+03:00")
    newer = [c for c in changes(synced)["changes"] if datetime.fromisoformat(c["date"]) > since]
    assert {(c["id"], c["change"]) for c in newer} == {
        ("2016-08-05-assault", "updated"),
        ("2016-07-20-old-name", "withdrawn"),
    }


def test_the_events_downloads_carry_each_events_last_modified_date(synced):
    events = json.loads((synced / "data" / "events.json").read_text())["events"]
    modified = {e["id"]: e["last_modified"] for e in events}
    assert modified == {"2016-08-05-assault": REGRADED, "2016-08-06-siege-broken": PUBLISHED}
    rows = list(csv.DictReader((synced / "data" / "events.csv").open(encoding="utf-8")))[1:]
    stamps = {row["event_id_cnty"]: int(row["timestamp"]) for row in rows}
    assert stamps["2016-08-05-assault"] == int(datetime.fromisoformat(REGRADED).timestamp())


def test_the_atom_feed_of_the_changes_reads_in_a_feed_reader(synced, tmp_path):
    feed = feedparser.parse((synced / "data" / "changes.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries[:2]] == [
        "Event withdrawn: Front fighters seen in the city (2016-07-20-old-name)",
        "Event updated: Alliance attacks the south district (2016-08-05-assault)",
    ]
    assert "assessment.grade" in feed.entries[1].summary
    assert feed.entries[1].updated == "2016-08-07T18:30:00+03:00"
    # Stable ids: the same entries in a second build from the same history.
    again = build(synced.parent / "minimal" / "content", tmp_path / "again")
    entries = feedparser.parse((again / "data" / "changes.xml").read_bytes()).entries
    assert [e.id for e in entries] == [e.id for e in feed.entries]


def test_the_package_describes_the_changes(synced):
    report = validate(str(synced / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((synced / "data" / "datapackage.json").read_text())
    formats = {r["path"]: r["mediatype"] for r in package["resources"]}
    assert formats["changes.json"] == "application/json"
    assert formats["changes.xml"] == "application/atom+xml"


def test_without_git_the_changes_file_says_so_and_lists_nothing(copy_site, tmp_path):
    output = build(copy_site("minimal") / "content", tmp_path / "output")
    listed = changes(output)
    assert listed["from_git_history"] is False and listed["changes"] == []
    assert not (output / "data" / "changes.xml").exists()
    events = json.loads((output / "data" / "events.json").read_text())["events"]
    assert {e["last_modified"] for e in events} == {None}


def test_a_commit_alone_reaches_the_downloads_on_an_incremental_build(copy_site, tmp_path):
    """The history is an input of the downloads: an edit built before it is committed, then
    committed (no content byte changes), rebuilds as a cold build would."""
    repo = copy_site("minimal")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Publish", PUBLISHED)
    event = repo / ASSAULT
    event.write_text(event.read_text().replace("grade: fair", "grade: weak"))
    before = build(repo / "content", tmp_path / "output")
    assert changes(before)["changes"][0]["change"] == "added"
    commit(repo, "Regrade", REGRADED)
    rebuilt = build(repo / "content", tmp_path / "output")
    cold = build(repo / "content", tmp_path / "cold" / "output")
    assert differences(tree(rebuilt), tree(cold)) == ""
    events = json.loads((rebuilt / "data" / "events.json").read_text())["events"]
    assert {e["id"]: e["last_modified"] for e in events}["2016-08-05-assault"] == REGRADED
    assert changes(rebuilt)["changes"][0]["fields"] == ["assessment.grade"]
