"""The author commands, run as an author runs them: `sitrep ...` and plain `pelican`, as
subprocesses of this virtualenv, in a temporary project made of the minimal fixture site,
the project's settings and its theme."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, english_project, page, tree

BIN = Path(sys.executable).parent
BAD_EVENT = """\
title: A date in words
date: 6 Aug 2016
type: battles
place: city
sources:
  - source: wire
    credibility: 2
"""
BAD_ERRORS = [
    "content/events/bad.yaml:2:7: error: date: expected a date like 2016-08-06 or a date-time "
    "with offset like 2016-08-06T14:30:00+03:00, got '6 Aug 2016'",
    "content/places/far.yaml:2:6: error: lat: expected a latitude between -90 and 90, got 200 "
    "(hint: latitude runs from -90 (south pole) to 90 (north pole))",
    "Aborted with 2 errors.",
]


@pytest.fixture
def project(tmp_path) -> Path:
    return english_project(tmp_path)


def run(project: Path, program: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / program), *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def break_content(project: Path) -> None:
    """Two files with one error each."""
    (project / "content" / "events" / "bad.yaml").write_text(BAD_EVENT)
    (project / "content" / "places" / "far.yaml").write_text("name: Far\nlat: 200\nlon: 37\n")


def test_validate_good_site_prints_counts(project):
    result = run(project, "sitrep", "validate")
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        result.stdout
        == "OK: 3 events, 3 actors, 2 places, 2 sources, 0 indicators, 0 areas, 1 analysis.\n"
    )


def test_validate_bad_site_prints_every_error(project):
    break_content(project)
    result = run(project, "sitrep", "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == BAD_ERRORS


def test_validate_warns_of_a_contested_grade_with_no_other_side(project):
    event = project / "content" / "events" / "2016" / "08" / "2016-08-05-assault.yaml"
    event.write_text(event.read_text().replace("grade: fair", "grade: contested"))
    result = run(project, "sitrep", "validate")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/events/2016/08/2016-08-05-assault.yaml:20:10: warning: assessment.grade: "
        "graded contested, but no claim denies or disputes it, in the event or in its related "
        "events (hint: add the claim that says otherwise (stance: denies or disputes), relate "
        "the event that holds it, or grade the event otherwise)"
    ]
    assert result.stdout.endswith(" 1 warning.\n")
    assert run(project, "sitrep", "validate", "--strict").returncode == 1
    # A denial in a related event is the other side.
    event.write_text(event.read_text() + "related: [2016-08-06-siege-broken]\n")
    assert run(project, "sitrep", "validate").stderr == ""


def test_validate_format_github_annotates_each_error_at_its_line(project):
    break_content(project)
    (project / "content" / "places" / "far.yaml").write_text("name: Far\nlat: 200\nlon: 37\n")
    result = run(project, "sitrep", "validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/events/bad.yaml,line=2,col=7::date: expected a date like "
        "2016-08-06 or a date-time with offset like 2016-08-06T14:30:00+03:00, got '6 Aug 2016'",
        "::error file=content/places/far.yaml,line=2,col=6::lat: expected a latitude between "
        "-90 and 90, got 200 (hint: latitude runs from -90 (south pole) to 90 (north pole))",
    ]
    assert result.stderr.splitlines() == BAD_ERRORS  # the job's log reads as in a terminal


def test_validate_format_github_escapes_what_would_end_the_command(project):
    weird = project / "content" / "events" / "a,b"
    weird.mkdir()
    (weird / "bad.yaml").write_text(BAD_EVENT.replace("6 Aug 2016", "'50%'"))
    result = run(project, "sitrep", "validate", "--format", "github")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=content/events/a%2Cb/bad.yaml,line=2,col=7::date:")
    assert line.endswith("got '50%25'")


def test_validate_paths_reports_only_those_files(project):
    break_content(project)
    result = run(project, "sitrep", "validate", "content/places")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [BAD_ERRORS[1], "Aborted with 1 error."]
    good = run(project, "sitrep", "validate", "content/events/2016")
    assert (good.returncode, good.stderr) == (0, "")
    assert "other files have errors" in good.stdout
    missing = run(project, "sitrep", "validate", "content/events/typo.yaml")
    assert missing.returncode == 1
    assert "no such file or folder: content/events/typo.yaml" in missing.stderr


NEW = {
    "event": [
        "new-clash", "--title", "NO: a clash", "--date", "2016-08-07", "--type", "battles",
        "--subtype", "armed-clash", "--place", "district", "--source", "wire",
    ],
    "actor": ["new-group", "--name", "Off", "--kind", "rebel-group"],
    "place": ["new-village", "--name", "Yes", "--lat", "36.3", "--lon", "37.0"],
    "source": ["new-monitor", "--name", "1:30", "--kind", "monitor", "--reliability", "C"],
}  # fmt: skip
WRITTEN = {
    "event": "content/events/2016/08/new-clash.yaml",
    "actor": "content/actors/new-group.yaml",
    "place": "content/places/new-village.yaml",
    "source": "content/sources/new-monitor.yaml",
}
# A line of each file's comments that tells the author what the values can be.
HELP = {
    "event": "# ACLED event type: battles, explosions-remote-violence,",
    "actor": "# ACLED actor type: state-forces, rebel-group,",
    "place": "# WGS84 decimal degrees: latitude first",
    "source": "# Admiralty reliability: A completely reliable",
}


def test_new_event_takes_actors_with_roles_a_summary_and_a_grade(project):
    args = [*NEW["event"], "--actor", "rebel-alliance:initiator", "--actor", "government-forces"]
    args += ["--summary", "Fighting *near* the ring road.", "--grade", "contested"]
    result = run(project, "sitrep", "new", "event", *args)
    assert (result.returncode, result.stderr) == (0, "")
    assert run(project, "sitrep", "build", "--no-search").returncode == 0
    event = (project / "output" / "events" / "new-clash" / "index.html").read_text()
    assert "<em>near</em> the ring road" in event
    assert 'class="grade grade-contested"' in event
    actors = page(project / "output", "/events/new-clash/").select_one("main dl").get_text(" ")
    assert "Rebel Alliance (initiator)" in " ".join(actors.split())
    assert "Government forces" in actors


@pytest.mark.parametrize(
    ("option", "error"),
    [
        (
            ["--actor", "rebel-aliance:target"],
            "content/events/2016/08/new-clash.yaml:18:12: error: actors[0].actor: unknown actor "
            "'rebel-aliance' (hint: did you mean 'rebel-alliance'?)",
        ),
        (["--place", "distrct"], "error: place: unknown place 'distrct' (hint: did you mean"),
        (["--source", "wir"], "unknown source 'wir' (hint: did you mean 'wire'?)"),
        (
            ["--actor", "rebel-alliance:leader"],
            "actors[0].role: expected one of 'initiator', 'target' or 'associate', got 'leader'",
        ),
    ],
)
def test_new_event_suggests_like_validate_and_writes_nothing(project, option, error):
    result = run(project, "sitrep", "new", "event", *NEW["event"], *option)
    assert result.returncode == 1
    assert error in result.stderr
    assert not (project / WRITTEN["event"]).exists()


@pytest.mark.parametrize("kind", list(NEW))
def test_new_writes_a_valid_commented_file_and_never_overwrites(project, kind):
    result = run(project, "sitrep", "new", kind, *NEW[kind])
    assert (result.returncode, result.stderr) == (0, "")
    written = project / WRITTEN[kind]
    text = written.read_text()
    assert HELP[kind] in text
    modeline, comment = text.splitlines()[:2]
    assert modeline.startswith("# yaml-language-server: $schema=")
    assert modeline.endswith(f"schema/{kind}.schema.json")
    assert comment.startswith("# One ")
    check = run(project, "sitrep", "validate")
    assert (check.returncode, check.stderr) == (0, "")
    again = run(project, "sitrep", "new", kind, *NEW[kind])
    assert again.returncode == 1
    assert again.stderr.splitlines()[0].startswith(f"{WRITTEN[kind]}:1:1: error: expected a new")
    assert written.read_text() == text


def test_new_keeps_text_values_as_text(project):
    for kind, args in NEW.items():
        assert run(project, "sitrep", "new", kind, *args).returncode == 0
    # Pages show the names exactly as given: 'NO', 'Off', 'Yes' and '1:30' stay text.
    result = run(project, "sitrep", "build")
    assert result.returncode == 0, result.stderr
    output = project / "output"
    assert "NO: a clash" in (output / "events" / "new-clash" / "index.html").read_text()
    assert "<h1>Off</h1>" in (output / "actors" / "new-group" / "index.html").read_text()
    assert "<h1>Yes</h1>" in (output / "places" / "new-village" / "index.html").read_text()
    assert "<h1>1:30</h1>" in (output / "sources" / "new-monitor" / "index.html").read_text()


@pytest.mark.parametrize(
    ("option", "ref", "line"), [("--place", "old-town", "14:8"), ("--source", "wires", "24:13")]
)
def test_new_refuses_an_unknown_reference_and_writes_nothing(project, option, ref, line):
    args = dict(zip(NEW["event"][1::2], NEW["event"][2::2], strict=True))
    args[option] = ref
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run(
        project,
        "sitrep",
        "new",
        "event",
        "new-clash",
        *[word for pair in args.items() for word in pair],
    )
    assert result.returncode == 1
    kind = option.removeprefix("--")
    assert result.stderr.splitlines()[0].startswith(
        f"content/events/2016/08/new-clash.yaml:{line}: error: "
    )
    assert f"unknown {kind} '{ref}'" in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_new_with_a_bad_date_leaves_no_folder_behind(project):
    args = ["x", "--title", "T", "--date", "6 Aug 2016", "--type", "battles"]
    result = run(project, "sitrep", "new", "event", *args, "--place", "city", "--source", "wire")
    assert result.returncode == 1
    assert result.stderr.startswith("content/events/x.yaml:6:7: error: date: expected a date")
    assert sorted(p.name for p in (project / "content" / "events").iterdir()) == [
        "2016",
        "2016-07-20-old-name.yaml",
    ]


def test_build_refuses_bad_content_and_keeps_the_previous_site(project):
    built = run(project, "sitrep", "build")
    assert built.returncode == 0
    # A plain build has no address to give its feeds: it says so in one line.
    assert built.stderr.splitlines() == [
        "note: no SITEURL: feeds, data files and the sitemap use root-relative addresses "
        "(set SITEURL to the site's address, or build with --publish)"
    ]
    before = tree(project / "output")
    break_content(project)
    result = run(project, "sitrep", "build")
    assert result.returncode == 1
    assert result.stderr.splitlines() == BAD_ERRORS
    assert tree(project / "output") == before
    assert sorted(p.name for p in project.iterdir()) == sorted(
        [".output.manifest", ".sitrep-cache", "content", "output", "pelicanconf.py", "themes"]
    )


def test_builds_write_the_content_cache_and_validate_leaves_it_as_it_is(project):
    cache = project / ".sitrep-cache"
    assert run(project, "sitrep", "validate").returncode == 0
    assert not cache.exists()
    assert run(project, "sitrep", "build").returncode == 0
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    assert before
    break_content(project)
    result = run(project, "sitrep", "validate")
    assert result.stderr.splitlines() == BAD_ERRORS
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


def test_plain_pelican_refuses_bad_content_with_the_same_messages(project):
    assert run(project, "sitrep", "build").returncode == 0
    before = tree(project / "output")
    break_content(project)
    result = run(project, "pelican", "content", "-s", "pelicanconf.py")
    assert result.returncode == 1
    assert result.stderr.splitlines() == BAD_ERRORS
    assert tree(project / "output") == before


def test_plain_pelican_builds_the_same_tree_as_sitrep(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("pelican") / "site"
    assert run(project, "sitrep", "build").returncode == 0
    # The settings file as it is, with the output folder overridden on the command line.
    result = run(project, "pelican", "content", "-s", "pelicanconf.py", "-o", str(elsewhere))
    assert result.returncode == 0, result.stderr
    built = tree(project / "output")
    assert len(built) > 20
    assert tree(elsewhere) == built


def test_plain_pelican_with_settings_overrides(project, tmp_path_factory):
    """The repository's own pelicanconf.py, its content and output paths overridden."""
    output = tmp_path_factory.mktemp("override") / "output"
    content = project / "content"
    result = run(
        project, "pelican", "-s", str(ROOT / "pelicanconf.py"), "-e", f'PATH="{content}"',
        "BASEMAP=null", "-o", str(output),  # the demo's basemap is not in that content
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (output / "events" / "2016-08-06-siege-broken" / "index.html").is_file()
    assert not (output / "events" / "2016-08-06-siege-declared-broken").exists()  # not the demo
