"""sitrep's settings: declared once (generators/settings.py) with their types, defaults and
documentation; checked before a build, every wrong one named; read as typed attributes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from generators.errors import SettingsInvalid
from generators.settings import SitrepSettings, check, reference
from tests.sitebuild import ROOT, SITES, build, tree

# A lookup of a setting by name in the code: settings["X"], context.get("X"), ... (not
# `context["X"] = ...`, which sets a value of the build for templates).
_LOOKUP = re.compile(
    r"\b(?:settings|context|pelican\.settings|self\.settings)"
    r"(?:\.get\(|\[|\.setdefault\()\s*\"([A-Z][A-Z0-9_]+)\"(?!\]\s*=[^=])"
)
# Pelican's settings that sitrep reads but Pelican does not declare a default for.
_PELICAN_EXTRA = {"FEED_DOMAIN", "AUTHOR"}


def test_the_settings_reference_is_made_from_the_declarations():
    written = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/settings.md is out of date: run `make docs`"
    for name, spec in SitrepSettings.model_fields.items():
        assert spec.description, f"{name} has no documentation"
        assert f"| `{name}` |" in written


def test_every_setting_the_code_reads_is_declared_and_sitreps_are_read_typed():
    raw_reads: dict[str, set[str]] = {}
    for path in (ROOT / "generators").rglob("*.py"):
        for name in _LOOKUP.findall(path.read_text(encoding="utf-8")):
            raw_reads.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    unknown = {
        name: files
        for name, files in raw_reads.items()
        if name not in SitrepSettings.model_fields
        and name not in DEFAULT_CONFIG
        and name not in _PELICAN_EXTRA
    }
    assert unknown == {}, "declare these settings in generators/settings.py"
    # sitrep's own are read through sitrep_settings() (checked, typed), except where an
    # error is being reported about the settings themselves.
    untyped = {
        name: files
        for name, files in raw_reads.items()
        if name in SitrepSettings.model_fields and files != {"generators/plugin.py"}
    }
    assert untyped == {}


def test_every_wrong_setting_is_named_at_once_with_what_it_takes():
    with pytest.raises(SettingsInvalid) as raised:
        check({"MAP_TILES": 3, "TIMELINE_PAGE_EVENTS": 0, "ARABIC_DIGITS": "hindi"})
    lines = str(raised.value).splitlines()
    assert lines == [
        "ARABIC_DIGITS: expected 'arab' or 'latn', got 'hindi'",
        "MAP_TILES: expected None or a mapping with 'url' and 'attribution', got 3",
        "TIMELINE_PAGE_EVENTS: expected a number of events, at least 1, got 0",
    ]


def test_a_long_wrong_value_is_quoted_short():
    with pytest.raises(SettingsInvalid) as raised:
        check({"SITE_DESCRIPTION": ["secret " * 100]})
    assert len(str(raised.value)) < 200


def test_settings_are_typed_once_checked():
    checked = check({"MAP_DATES": ["2016-08-05", "2016-08-06"], "SITREP_CACHE": False})
    assert checked.MAP_DATES is not None and checked.MAP_DATES[0].isoformat() == "2016-08-05"
    assert checked.SITREP_CACHE is False
    assert check({}).TIMELINE_PAGE_EVENTS == 500


def test_a_build_with_a_wrong_setting_stops_before_writing_and_says_why(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "minimal" / "content", content)
    output = build(content, tmp_path / "output", SITREP_SEARCH=False)
    before = tree(output)
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PATH = {str(content)!r}\nOUTPUT_PATH = {str(output)!r}\n"
        "MAP_TILES = 3\nMAP_LIST_LIMIT = 'many'\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "generators.cli", "-s", str(settings), "build"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert "MAP_LIST_LIMIT: expected a number of events such as 500, got 'many'" in done.stderr
    assert "MAP_TILES: expected None or a mapping with 'url' and 'attribution'" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(output) == before
