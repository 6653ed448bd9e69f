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


# --- faults of the machine, met by an author's `sitrep build` ----------------------------
# Permissions bind no one as root: run as root (as CI does), the command runs without the
# capabilities that override them (setpriv, util-linux), as any other user runs it.

NOBODY = 65534
AS_AUTHOR = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture
def own_project(tmp_path):
    """A project (minimal content, settings, theme) that the author running sitrep owns."""
    project = tmp_path / "project"
    shutil.copytree(SITES / "minimal" / "content", project / "content")
    settings = (ROOT / "pelicanconf.py").read_text() + '\nSITE_LANGUAGES = ["en"]\n'
    (project / "pelicanconf.py").write_text(settings)
    shutil.copytree(ROOT / "themes", project / "themes")
    yield project
    for top, _folders, _names in os.walk(project):
        os.chmod(top, 0o755)


def author_builds(project: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "sitrep"), "build", "--no-search"]
    return subprocess.run(
        [*(AS_AUTHOR if os.geteuid() == 0 else []), *command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(project / ".cache")},
    )


def staging_left(project: Path) -> list[str]:
    """Folders of builds left beside output/ (the spare and the manifest are kept)."""
    kept = {".output.manifest", ".output.spare"}
    return [
        p.name for p in project.iterdir() if p.name.startswith(".output.") and p.name not in kept
    ]


def read_only(folder: Path) -> None:
    for top, _folders, _names in os.walk(folder):
        os.chmod(top, 0o555)


@pytest.mark.parametrize("below", ["", "places/city"], ids=["whole", "one-page-folder"])
def test_a_read_only_spare_left_by_an_earlier_build_recovers_by_itself(own_project, below):
    """Read-only as a whole (a deploy tool's chmod), or one folder deep inside it, where the
    edited page must be replaced."""
    for _ in range(2):  # the second build leaves the first site as the spare
        assert author_builds(own_project).returncode == 0
    spare = own_project / ".output.spare"
    read_only(spare / below)
    (own_project / "content" / "places" / "city.yaml").write_text(
        "name: The Big City\nkind: city\nlat: 36.2\nlon: 37.1\ncountry: SYR\n"
    )
    for _ in range(2):
        result = author_builds(own_project)
        assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
        page = (own_project / "output" / "places" / "city" / "index.html").read_text()
        assert "The Big City" in page
    assert staging_left(own_project) == []


def test_a_spare_of_another_user_is_put_aside_and_not_used(own_project):
    if os.geteuid() != 0:
        pytest.skip("making a folder of another user takes root (CI runs as root)")
    for _ in range(2):
        assert author_builds(own_project).returncode == 0
    spare = own_project / ".output.spare"
    for top, folders, names in os.walk(spare):
        for name in [top, *(os.path.join(top, n) for n in folders + names)]:
            os.chown(name, NOBODY, NOBODY, follow_symlinks=False)
    before = tree(own_project / "output")
    result = author_builds(own_project)
    assert (result.returncode, result.stderr.count("Traceback")) == (0, 0), result.stderr
    assert tree(own_project / "output") == before
    assert author_builds(own_project).returncode == 0


def test_a_read_only_project_folder_is_one_line_and_loses_nothing(own_project):
    assert author_builds(own_project).returncode == 0
    before = tree(own_project / "output")
    os.chmod(own_project, 0o555)
    result = author_builds(own_project)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[-1].startswith("sitrep: error: permission denied: "), result.stderr
    assert lines[-1].endswith("; the previous site is unchanged (check the folder's permissions "
                              "and build again)")  # fmt: skip
    os.chmod(own_project, 0o755)
    assert tree(own_project / "output") == before


def test_a_read_only_output_folder_is_replaced_all_the_same(own_project):
    assert author_builds(own_project).returncode == 0
    read_only(own_project / "output")
    result = author_builds(own_project)
    assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
    assert author_builds(own_project).returncode == 0


def test_a_full_disk_is_one_line_and_the_previous_site_stays(own_project, monkeypatch, capsys):
    import errno

    from generators.build.store import OutputStore

    assert author_builds(own_project).returncode == 0
    output = own_project / "output"
    before = tree(output)
    calls = []

    def full(self, name, key, data, reads=None):
        calls.append(name)
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(OutputStore, "_write", full)
    monkeypatch.chdir(own_project)
    city = own_project / "content" / "places" / "city.yaml"
    city.write_text(city.read_text().replace("The City", "The Big City"))
    code = main(["build", "--no-search"])
    err = capsys.readouterr().err.strip().splitlines()
    assert calls and code == 1
    assert err[-1].startswith("sitrep: error: no space left on device: ")
    assert err[-1].endswith("; the previous site is unchanged (free some space and build again)")
    assert tree(output) == before and staging_left(own_project) == []


def test_files_below_lists_what_os_walk_lists_in_its_order(tmp_path):
    # The sitemap, the policy pass and the spare's clearing list a built site with it.
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "index.html").write_text("x")
    (tmp_path / "z.txt").write_text("y")
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "x").write_text("1")
    (tmp_path / "a b").mkdir()
    (tmp_path / "a b" / "c").write_text("1")
    (tmp_path / "a" / "to-folder").symlink_to(tmp_path / "a" / "b")  # not followed, not listed
    (tmp_path / "a" / "to-file").symlink_to(tmp_path / "z.txt")
    (tmp_path / "a" / "dangling").symlink_to(tmp_path / "gone")
    walked = []
    for top, folders, names in os.walk(tmp_path):
        folders.sort()
        prefix = os.path.relpath(top, tmp_path).replace(os.sep, "/")
        walked += [name if prefix == "." else f"{prefix}/{name}" for name in sorted(names)]
    assert list(output_module.files_below(tmp_path)) == walked
    assert walked == ["z.txt", "A/x", "a/dangling", "a/to-file", "a/b/index.html", "a b/c"]
