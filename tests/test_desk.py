"""`sitrep init`: a new desk's repository, run as a desk runs it (the real command in a
subprocess), builds at once, validates with the deploy workflow's own commands, and refuses
a folder that holds files or answers that cannot work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from generators.cli.desk import WORKFLOW, workflow
from tests.sitebuild import page

BIN = Path(sys.executable).parent
ANSWERS = [
    "--name", "Idlib Monitoring Desk",
    "--languages", "en,ar",
    "--timezone", "Asia/Damascus",
    "--security-contact", "security@desk.example",
]  # fmt: skip


def sitrep(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "sitrep"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_a_new_desk_builds_at_once_with_its_name_languages_and_contact(tmp_path):
    result = sitrep(tmp_path, "init", "desk", *ANSWERS)
    assert result.returncode == 0, result.stderr
    desk = tmp_path / "desk"
    assert (desk / WORKFLOW).read_text() == workflow("python -m pip install -r requirements.txt")
    assert sorted(p.name for p in (desk / "content").rglob("*.yaml")) == [
        "example-agency.yaml",
        "example-city.yaml",
        "example-event.yaml",
    ]
    assert "aleppo" not in " ".join(p.name for p in desk.rglob("*")).lower()

    checked = sitrep(desk, "validate")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: 1 event,")
    built = sitrep(desk, "build")
    assert built.returncode == 0, built.stderr
    output = desk / "output"
    home = page(output, "/")
    assert home.html["lang"] == "en"
    assert "Idlib Monitoring Desk" in home.title.text
    assert page(output, "/ar/").html["dir"] == "rtl"
    assert page(output, "/events/example-event/").h1.text.startswith("Example:")
    security = (output / ".well-known" / "security.txt").read_text()
    assert "Contact: mailto:security@desk.example" in security


def test_the_new_desks_workflow_steps_run_in_it(tmp_path):
    assert sitrep(tmp_path, "init", "desk", *ANSWERS, "--languages", "en").returncode == 0
    desk = tmp_path / "desk"
    steps = yaml.safe_load((desk / WORKFLOW).read_text())["jobs"]["build"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and not s["run"].startswith("python -m")]
    assert commands == ["sitrep validate --format github", "sitrep build --publish"]
    for command in commands:
        program, *args = command.split()
        assert program == "sitrep"
        result = sitrep(desk, *args)
        assert result.returncode == 0, (command, result.stderr)
    assert (
        'href="https://example.org/events/example-event/"'
        in (desk / "output" / "index.html").read_text()
    )


def test_init_refuses_a_folder_with_files_and_answers_that_cannot_work(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    refused = sitrep(tmp_path, "init", "taken", *ANSWERS)
    assert refused.returncode == 1
    assert "taken exists and is not empty" in refused.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]

    wrong = [*ANSWERS]
    wrong[wrong.index("Asia/Damascus")] = "Damascus"
    wrong[wrong.index("en,ar")] = "en,xx"
    bad = sitrep(tmp_path, "init", "new", *wrong)
    assert bad.returncode == 1
    assert "--timezone: expected an IANA time zone like Asia/Damascus, got 'Damascus'" in (
        bad.stderr
    )
    assert "no interface translation for 'xx'" in bad.stderr
    assert not (tmp_path / "new").exists()

    missing = sitrep(tmp_path, "init", "new", "--name", "Desk")
    assert missing.returncode == 1
    assert "give --languages, --timezone, --security-contact" in missing.stderr


def test_a_desk_changes_its_colours_with_its_own_stylesheet_and_template(tmp_path):
    """docs/customising.md, "Colours", done as it says."""
    assert sitrep(tmp_path, "init", "desk", *ANSWERS, "--languages", "en").returncode == 0
    desk = tmp_path / "desk"
    (desk / "content" / "static").mkdir()
    (desk / "content" / "static" / "desk.css").write_text(":root { --accent: #6a1b9a; }\n")
    with (desk / "pelicanconf.py").open("a") as settings:
        settings.write('STATIC_PATHS = ["images", "static"]\n')
    (desk / "templates" / "base.html").write_text(
        '{% extends "!theme/base.html" %}\n{% block head %}<link rel="stylesheet" '
        'href="{{ ROOT_URL|default(SITEURL) }}/static/desk.css">{% endblock %}\n'
    )
    built = sitrep(desk, "build", "--no-search")
    assert built.returncode == 0, built.stderr
    output = desk / "output"
    assert (output / "static" / "desk.css").is_file()
    for url in ("/", "/events/example-event/"):
        sheets = [link["href"] for link in page(output, url).select("link[rel=stylesheet]")]
        assert sheets[:2] == ["/theme/css/site.css", "/static/desk.css"], url
