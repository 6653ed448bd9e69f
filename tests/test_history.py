"""The record of changes from git: each event's history, `/changes/` and its Atom feed."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from generators.views.history import diff_fields
from tests.sitebuild import build, page

ATOM = "{http://www.w3.org/2005/Atom}"
EVENT = "content/events/2016/08/2016-08-05-assault.yaml"


def git(repo, *args: str, when: str = "2016-08-07T10:00:00+03:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def commit(repo, message: str, when: str) -> None:
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def regraded_site(copy_site):
    """The minimal site in a git repository: published, then the assault regraded."""
    repo = copy_site("minimal")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Publish the first events", "2016-08-06T09:00:00+03:00")
    event = repo / EVENT
    text = event.read_text(encoding="utf-8")
    text = text.replace("fatalities: 12", "fatalities: {min: 12, max: 20}")
    text = text.replace("grade: fair", "grade: contested")
    text += (
        "claims:\n  - by: state-tv\n    stance: denies\n"
        "    statement: There was no attack.\n    source: wire\n"
    )
    event.write_text(text, encoding="utf-8")
    commit(repo, REGRADE, "2016-08-07T18:30:00+03:00")
    return repo


NOTE = "State TV denies the attack; the desk now grades it contested."
# The subject and body are the committer's; only the trailer is written for readers.
REGRADE = f"Regrade the assault after a denial\n\nRefactor the loader too.\n\nDesk-note: {NOTE}\n"


def history_lines(soup) -> list[str]:
    return [" ".join(li.get_text().split()) for li in soup.select(".history-list > li")]


def test_event_history_shows_a_changed_grade(regraded_site, tmp_path):
    output = build(regraded_site / "content", tmp_path / "output")
    lines = history_lines(page(output, "/events/2016-08-05-assault/"))
    assert lines == [
        "7 Aug 2016 Updated fatalities: 12 → 12-20 grade: fair → contested "
        f"claims: 1 added (denies, by state-tv) Desk's note: {NOTE}",
        "6 Aug 2016 First published",
    ]
    other = page(output, "/events/2016-08-06-siege-broken/")
    assert history_lines(other) == ["6 Aug 2016 First published"]


def test_commit_messages_are_never_published_only_desk_notes(regraded_site, tmp_path):
    output = build(regraded_site / "content", tmp_path / "output")
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            for said in ("Regrade the assault", "Refactor the loader", "Publish the first"):
                assert said not in text, path
    feed = (output / "changes" / "atom.xml").read_text(encoding="utf-8")
    assert NOTE in feed


def test_changes_page_and_atom_feed_list_the_latest_changes(regraded_site, tmp_path):
    output = build(regraded_site / "content", tmp_path / "output")
    soup = page(output, "/changes/")
    days = [" ".join(h.get_text().split()) for h in soup.select(".changes-day h2")]
    assert days == ["Sunday 7 August 2016", "Saturday 6 August 2016"]
    latest = soup.select_one(".commit")
    assert " ".join(latest.select_one(".commit-head").get_text().split()) == (
        f"18:30 (UTC+03:00) Desk's note: {NOTE} (1 entry)"
    )
    assert latest.select_one("a")["href"] == "/events/2016-08-05-assault/"
    feeds = [link["href"] for link in soup.find_all("link", type="application/atom+xml")]
    assert "/changes/atom.xml" in feeds

    feed = ET.parse(output / "changes" / "atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2016-08-07T18:30:00+03:00"
    assert feed.find(f"{ATOM}id").text.startswith("urn:uuid:")
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1 + len(list((regraded_site / "content").rglob("*.*")))
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Event changed: Alliance attacks the south district"
    assert first.find(f"{ATOM}link").get("href") == "/events/2016-08-05-assault/"
    assert "grade: fair → contested" in first.find(f"{ATOM}summary").text
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text and entry.find(f"{ATOM}title").text


def test_history_comes_from_commits_so_builds_are_identical(regraded_site, tmp_path):
    first = build(regraded_site / "content", tmp_path / "one")
    second = build(regraded_site / "content", tmp_path / "two")
    for path in ["changes/atom.xml", "changes/index.html", "events/2016-08-05-assault/index.html"]:
        assert (first / path).read_bytes() == (second / path).read_bytes()


def test_a_moved_file_keeps_its_history_and_a_deleted_one_is_listed(regraded_site, tmp_path):
    content = regraded_site / "content"
    (regraded_site / EVENT).rename(content / "events" / "2016-08-05-assault.yaml")
    (content / "events" / "2016-07-20-old-name.yaml").unlink()
    (content / "events" / "2016" / "08" / "2016-08-06-siege-broken.yaml").write_text(
        (content / "events" / "2016" / "08" / "2016-08-06-siege-broken.yaml")
        .read_text()
        .replace("related: [2016-08-05-assault]", "related: [2016-08-05-assault]\ntags: [siege]")
    )
    commit(regraded_site, "Tidy the folders", "2016-08-08T08:00:00+03:00")
    output = build(content, tmp_path / "output")
    lines = history_lines(page(output, "/events/2016-08-05-assault/"))
    assert [line.split(" Desk")[0] for line in lines] == [  # the move itself is not news
        "7 Aug 2016 Updated fatalities: 12 → 12-20 grade: fair → contested "
        "claims: 1 added (denies, by state-tv)",
        "6 Aug 2016 First published",
    ]
    latest = page(output, "/changes/").select_one(".commit")
    entries = [" ".join(li.get_text().split()) for li in latest.select(".history-list > li")]
    assert "Event Front fighters seen in the city: withdrawn" in entries
    assert not any("2016-07-20-old-name" in entry for entry in entries)


def test_without_a_git_repository_no_history_is_shown_and_nothing_fails(copy_site, tmp_path):
    output = build(copy_site("minimal") / "content", tmp_path / "output")
    assert page(output, "/events/2016-08-05-assault/").select_one(".history") is None
    changes = page(output, "/changes/")
    assert "not kept in a git repository" in changes.get_text()
    assert not (output / "changes" / "atom.xml").exists()


def test_without_git_installed_nothing_fails(regraded_site, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    output = build(regraded_site / "content", tmp_path / "output")
    assert page(output, "/events/2016-08-05-assault/").select_one(".history") is None


def test_field_changes_read_as_a_reader_would_see_a_correction():
    before = {
        "title": "Strike",
        "summary": "One line.",
        "sources": [{"source": "wire", "credibility": "3"}],
        "tags": ["a"],
    }
    after = {
        "title": "Air strike",
        "summary": "Two lines.",
        "sources": [{"source": "wire", "credibility": "2"}, {"source": "monitor"}],
        "assessment": {"grade": "weak"},
    }
    assert [(c.field, c.text) for c in diff_fields(before, after)] == [
        ("title", "Strike → Air strike"),
        ("summary", "revised"),
        ("sources", "1 added (monitor); 1 revised (wire)"),
        ("grade", "none → weak"),
        ("tags", "1 removed (a)"),
    ]


def test_desk_notes_and_corrections_read_in_the_pages_language(regraded_site, tmp_path):
    event = regraded_site / EVENT
    text = event.read_text(encoding="utf-8").replace("fatalities: {min: 12, max: 20}", "")
    text += (
        "corrections:\n  - date: 2016-08-08\n"
        "    note: An earlier version gave a toll of 12 to 20; no toll is established.\n"
        "    translations:\n      ar: {note: ذكرت نسخة سابقة حصيلة من ١٢ إلى ٢٠ قتيلًا.}\n"
    )
    event.write_text(text, encoding="utf-8")
    message = (
        "Drop the toll\n\nDesk-note: The toll was not established.\n"
        "Desk-note-ar: لم تثبت الحصيلة.\n"
    )
    commit(regraded_site, message, "2016-08-08T08:00:00+03:00")
    output = build(regraded_site / "content", tmp_path / "output")
    english = page(output, "/events/2016-08-05-assault/")
    arabic = page(output, "/ar/events/2016-08-05-assault/")
    assert history_lines(english)[0].endswith("Desk's note: The toll was not established.")
    latest = arabic.select_one(".history-list > li .desk-note")
    assert "لم تثبت الحصيلة." in latest.get_text()
    assert latest.find(lang="en") is None  # the desk's own Arabic, not the English shown
    # The older note has no Arabic text: shown in English, marked as such.
    older = arabic.select(".history-list > li .desk-note")[1]
    assert older.find(lang="en").get_text() == NOTE
    corrections = [" ".join(li.get_text().split()) for li in english.select(".corrections li")]
    assert corrections == [
        "8 Aug 2016 An earlier version gave a toll of 12 to 20; no toll is established."
    ]
    assert "ذكرت نسخة سابقة" in arabic.select_one(".corrections li").get_text()


def test_the_demo_publishes_no_commit_message(demo_site):
    """The demo's content came in with code commits: their subjects are not desk notes."""
    for path in demo_site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "Foundation: content format" not in text, path
            assert "Merge " not in text, path
