"""Two builds of the same content give byte-identical trees, whatever the process: no
timestamps, random ids or set/dict orders that change from one run to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, tree


def build_in_subprocess(output: Path, hash_seed: str) -> None:
    # `sitrep build` in a fresh interpreter with its own string-hash seed, so that an
    # iteration order that depends on hashing would differ between the two builds.
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "generators.cli", "build", "--output", str(output)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
def test_demo_site_builds_byte_identical(tmp_path, demo_site):
    build_in_subprocess(tmp_path / "first", "1")
    build_in_subprocess(tmp_path / "second", "2")
    first, second = tree(tmp_path / "first"), tree(tmp_path / "second")
    assert len(first) > 50
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert tree(demo_site) == first  # and the same as a build in this test process
