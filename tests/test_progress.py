"""The build's progress display: drawn on a terminal, silent in CI and in logs."""

from __future__ import annotations

import io

from rich.console import Console

from generators.build import progress
from generators.build.progress import BuildProgress
from tests.sitebuild import SITES, build


def test_progress_is_quiet_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert progress.interactive() is False


def test_progress_is_quiet_when_output_is_not_a_terminal(tmp_path, capfd, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    build(SITES / "minimal" / "content", tmp_path / "output", SITREP_SEARCH=False)
    err = capfd.readouterr().err
    assert "Writing" not in err and "\x1b[" not in err


def test_progress_shows_each_step_on_a_terminal():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with BuildProgress(enabled=True, console=console) as shown:
        assert progress.current() is shown
        with shown.step("Writing event pages", total=3) as advance:
            for _ in range(3):
                advance()
    assert "Writing event pages" in screen.getvalue()
    assert "3/3" in screen.getvalue()
    assert progress.current() is not shown  # back to the silent stand-in
