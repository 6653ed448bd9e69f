"""A build never breaks half-way (generators/build/output.py): whatever stops it, the previous site
stays byte-identical and no staging folder is left behind; output paths that hold more than
a site are refused."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generators.build.output as output_module
import generators.plugin as plugin
from generators.build.output import MARKER
from generators.cli.commands import main
from generators.errors import ContentInvalid, OutputRefused
from generators.pages.base import SitrepGenerator
from tests.sitebuild import ROOT, SITES, build, tree

MINIMAL = SITES / "minimal" / "content"


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A site already built into tmp_path/site/output, and its bytes."""
    output = build(MINIMAL, tmp_path / "site" / "output")
    return output, tree(output)


def leftovers(output: Path) -> list[str]:
    """What lies beside the output folder but the manifest of its files, the spare site
    that the next build starts from (store.py) and the content cache of the test builds
    (sitebuild.py)."""
    kept = {output.name, f".{output.name}.manifest", f".{output.name}.spare", ".sitrep-cache"}
    return sorted(p.name for p in output.parent.iterdir() if p.name not in kept)


class Explodes(SitrepGenerator):
    """A plugin generator that writes a page, then fails."""

    error: type[BaseException] = RuntimeError

    def generate_output(self, writer) -> None:
        writer.write_file("half/index.html", self.get_template("404"), self.context)
        raise self.error("plugin failed half-way")


class Interrupted(Explodes):
    error = KeyboardInterrupt


@pytest.mark.parametrize("generator", [Explodes, Interrupted])
def test_exception_or_ctrl_c_in_a_plugin_keeps_the_previous_site(built, monkeypatch, generator):
    output, before = built
    monkeypatch.setattr(plugin, "GENERATORS", [*plugin.GENERATORS, generator])
    with pytest.raises(generator.error, match="half-way"):
        build(MINIMAL, output)
    assert tree(output) == before
    assert leftovers(output) == []


def test_template_error_keeps_the_previous_site(built, tmp_path):
    output, before = built
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "sitrep", theme)
    event = theme / "templates" / "event.html"
    # The heading of the event page, since pages are translated (`tr` filter).
    event.write_text(
        event.read_text().replace('{{ event|tr("title") }}', "{{ event.nosuch.title }}")
    )
    with pytest.raises(Exception, match="nosuch"):
        build(MINIMAL, output, THEME=str(theme))
    assert tree(output) == before
    assert leftovers(output) == []


def run_until_ready(output: Path, tmp_path: Path) -> subprocess.Popen:
    """Start a build in another process and wait until it has written its pages."""
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.hang_build", str(MINIMAL), str(output), str(ready)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the build did not get half-way"
    return process


def test_ctrl_c_of_a_running_build_keeps_the_previous_site(built, tmp_path):
    output, before = built
    process = run_until_ready(output, tmp_path)
    staging = output.parent / f".output.building-{process.pid}"
    assert (staging / "index.html").exists()  # half a site was written, aside
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) != 0
    assert tree(output) == before
    assert leftovers(output) == []


def test_killed_build_keeps_the_previous_site_and_the_next_build_cleans_up(built, tmp_path):
    output, before = built
    process = run_until_ready(output, tmp_path)
    process.kill()
    process.wait(timeout=120)
    assert tree(output) == before
    assert leftovers(output) == [f".output.building-{process.pid}"]  # it could not clean up
    build(MINIMAL, output)
    assert leftovers(output) == []
    assert tree(output) == before


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_staging_of_a_running_build_is_left_alone(built):
    output, _ = built
    other = output.parent / f".output.building-{os.getppid()}"  # a live process
    other.mkdir()
    build(MINIMAL, output)
    assert leftovers(output) == [other.name]


def test_site_moved_aside_by_a_killed_swap_is_restored(built, copy_site):
    """A kill between the two renames of the fallback swap leaves no output/ at all."""
    output, before = built
    output.rename(output.parent / f".output.previous-{dead_pid()}")
    site = copy_site("minimal")
    (site / "content" / "events" / "broken.yaml").write_text("title: [unclosed\n")
    with pytest.raises(ContentInvalid):  # even a build that fails puts the old site back
        build(site / "content", output)
    assert tree(output) == before
    assert leftovers(output) == []


def test_swap_without_an_atomic_exchange(built, monkeypatch):
    output, before = built
    monkeypatch.setattr(output_module, "_exchange", lambda a, b: False)
    build(MINIMAL, output)
    assert tree(output) == before
    assert leftovers(output) == []


def test_output_in_place_of_a_file_is_refused(tmp_path):
    target = tmp_path / "output"
    target.write_text("not a folder")
    with pytest.raises(OutputRefused, match="is a file"):
        build(MINIMAL, target)
    assert target.read_text() == "not a folder"


def test_non_empty_folder_without_marker_is_refused(tmp_path):
    foreign = tmp_path / "output"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(OutputRefused, match="did not create"):
        build(MINIMAL, foreign)
    assert tree(foreign) == {"thesis.docx": b"precious"}


def test_empty_folder_and_own_output_are_accepted(tmp_path):
    (tmp_path / "output").mkdir()
    output = build(MINIMAL, tmp_path / "output")
    assert (output / MARKER).exists()
    build(MINIMAL, output)


@pytest.fixture
def project(tmp_path) -> Path:
    """A repository with its content folder, to point the output at the wrong places."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root / "content")
    (root / ".git").mkdir()
    (root / "README.md").write_text("the desk's repository")
    return root


def refused(content: Path, target: Path) -> None:
    before = tree(target) if target != Path("/") else None
    with pytest.raises(OutputRefused, match="refusing"):
        build(content, target)
    if before is not None:
        assert tree(target) == before  # not a byte changed ...
    assert not list(target.resolve().parent.glob(".*.building-*"))  # ... nor built aside


def test_refuses_the_content_folder_and_its_parents(project):
    refused(project / "content", project / "content")
    refused(project / "content", project / "content" / "events" / "..")
    refused(project / "content", project)


def test_refuses_a_repository_root_even_with_a_marker(project, tmp_path):
    (project / MARKER).write_text("")
    shutil.move(project / "content", tmp_path / "content")  # not a parent of the content
    refused(tmp_path / "content", project)


def test_refuses_the_home_folder(project, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / MARKER).write_text("")  # even one that looks like sitrep's
    monkeypatch.setenv("HOME", str(home))
    refused(project / "content", home)


def test_refuses_the_root_folder(project, monkeypatch):
    refused(project / "content", Path("/"))
    monkeypatch.chdir(ROOT)
    assert main(["build", "--output", "/"]) == 1
