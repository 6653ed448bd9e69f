"""Loading a content folder, as an author meets it through `sitrep validate` and `sitrep
build` (run as subprocesses in a copy of the minimal site): files an editor leaves behind,
links, unreadable files, and errors reported once, at the file that has them."""

from __future__ import annotations

import os
import re

import pytest

from tests.test_cli import project, run  # noqa: F401 (a fixture)

ERROR_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: error: .+$")


def errors_of(result) -> list[str]:
    """The error lines of a failed run, checked to be well formed and to end the report."""
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("Aborted with"), result.stderr
    assert all(ERROR_LINE.match(line) for line in lines[:-1]), result.stderr
    return lines[:-1]


def test_editor_lock_backup_and_swap_files_are_ignored(project):  # noqa: F811
    content = project / "content"
    os.symlink("user@host.1234:1700000000", content / "analyses" / ".#the-day.md")  # Emacs
    (content / "analyses" / "the-day.md~").write_text("Title: old\n")
    (content / "places" / "city.yaml~").write_text("name: [broken\n")
    (content / "places" / ".city.yaml.swp").write_bytes(b"b0VIM 9.0\x00\x00\xff")
    (content / "events" / "2016" / "notes.yaml.bak").write_text(": nonsense")
    result = run(project, "sitrep", "validate")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert run(project, "sitrep", "build").returncode == 0


def test_a_dangling_link_is_one_clean_error(project):  # noqa: F811
    os.symlink("gone.yaml", project / "content" / "places" / "lost.yaml")
    assert errors_of(run(project, "sitrep", "validate")) == [
        "content/places/lost.yaml:1:1: error: expected a file inside the content folder, got "
        "a link to a file that does not exist (hint: sitrep reads nothing outside the content "
        "folder: copy the file in, or remove the link)"
    ]


def test_a_folder_named_like_a_file_is_not_read_as_one(project):  # noqa: F811
    (project / "content" / "places" / "old.yaml").mkdir()
    (project / "content" / "analyses" / "drafts.md").mkdir()
    result = run(project, "sitrep", "validate")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


@pytest.mark.parametrize("kind", ["places", "analyses", "pages"])
def test_a_link_out_of_the_content_folder_is_refused_and_never_read(project, kind):  # noqa: F811
    secret = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    (project / ".env").write_text(secret + "\n")
    folder = project / "content" / kind
    folder.mkdir(exist_ok=True)
    name = "secrets.md" if kind != "places" else "secrets.yaml"
    os.symlink(project / ".env", folder / name)
    for command in ("validate", "build"):
        result = run(project, "sitrep", command)
        assert errors_of(result) == [
            f"content/{kind}/{name}:1:1: error: expected a file inside the content folder, got "
            "a link to a file outside the content folder (hint: sitrep reads nothing outside "
            "the content folder: copy the file in, or remove the link)"
        ]
        assert "wJalrX" not in result.stdout + result.stderr
    assert not (project / "output").exists()


def test_a_link_inside_the_content_folder_is_read(project):  # noqa: F811
    os.symlink("city.yaml", project / "content" / "places" / "town.yaml")
    result = run(project, "sitrep", "validate")
    assert result.returncode == 0 and "3 places" in result.stdout, result.stderr


def test_a_file_name_with_a_direction_control_is_refused(project):  # noqa: F811
    (project / "content" / "analyses" / "the-day\u202egnp.md").write_text("Title: x\n")
    assert errors_of(run(project, "sitrep", "validate")) == [
        "content/analyses/the-day\\u202egnp.md:1:1: error: expected a file name of visible "
        "characters, got U+202E (hint: rename it: invisible and direction-changing characters "
        "make one name look like another)"
    ]


def test_an_error_in_an_indicator_is_not_reported_again_where_analyses_cite_it(project):  # noqa: F811
    content = project / "content"
    (content / "indicators").mkdir()
    (content / "indicators" / "doctors.yaml").write_text(
        "title: Doctors\nunit: [doctors]\nvalues:\n  - date: 2016-08-06\n    value: 35\n"
        "    source: {source: wire, credibility: 2}\n"
    )
    analysis = content / "analyses" / "the-day.md"
    analysis.write_text(analysis.read_text() + "\n[[figure:doctors@2016-08-06]] remained.\n")
    assert [e.split(": error: ")[0] for e in errors_of(run(project, "sitrep", "validate"))] == [
        "content/indicators/doctors.yaml:2:7"
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("Status: draft", "content/analyses/the-day.md:2:9: error: Status: expected 'published' "
         "or 'hidden', got 'draft' (hint: sitrep publishes every analysis in content/analyses/: "
         "keep a draft out of it (in a branch, or a folder outside content/) until it is ready)"),
        ("Template: nope", "content/analyses/the-day.md:2:1: error: Template: unknown metadata"),
    ],
)  # fmt: skip
def test_what_validate_accepts_builds(project, line, error):  # noqa: F811
    analysis = project / "content" / "analyses" / "the-day.md"
    title, rest = analysis.read_text().split("\n", 1)
    analysis.write_text(f"{title}\n{line}\n{rest}")
    for command in ("validate", "build"):
        assert errors_of(run(project, "sitrep", command))[0].startswith(error)
    analysis.write_text(f"{title}\nStatus: hidden\n{rest}")
    assert run(project, "sitrep", "validate").returncode == 0
    assert run(project, "sitrep", "build").returncode == 0


def test_a_long_link_in_an_analysis_is_quoted_in_part(project):  # noqa: F811
    analysis = project / "content" / "analyses" / "the-day.md"
    secret = "token-" + "k" * 2000
    analysis.write_text(analysis.read_text() + f"\nSee [[event:{secret}]].\n")
    (error,) = errors_of(run(project, "sitrep", "validate"))
    assert error.startswith("content/analyses/the-day.md:10:5: error: unknown event 'token-kkk")
    assert len(error) < 400 and "k" * 100 not in error
