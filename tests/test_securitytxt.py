"""/.well-known/security.txt (generators/pages/securitytxt.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

from generators.pages.securitytxt import contacts
from tests.sitebuild import ROOT, SITES, build

MINIMAL = SITES / "minimal" / "content"


def fields(output) -> list[tuple[str, str]]:
    text = (output / ".well-known" / "security.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    return [tuple(line.split(": ", 1)) for line in text.splitlines()]


def expected(moment: int, days: int = 365) -> str:
    day = datetime.fromtimestamp(moment, UTC).date() + timedelta(days=days)
    return f"{day.isoformat()}T00:00:00Z"


def test_demo_site_expires_a_year_after_the_commit_it_is_built_from(demo_site):
    if "SOURCE_DATE_EPOCH" in os.environ:
        moment = int(os.environ["SOURCE_DATE_EPOCH"])
    else:
        moment = int(subprocess.check_output(["git", "log", "-1", "--format=%ct"], cwd=ROOT))
    assert fields(demo_site) == [
        ("Contact", "mailto:security@sitrep.example.org"),
        ("Expires", expected(moment)),
        ("Preferred-Languages", "en"),
    ]


def test_expiry_follows_settings_then_source_date_epoch_then_the_commit(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "project" / "content"
    shutil.copytree(MINIMAL, content)
    output = build(content, tmp_path / "a", SECURITY_EXPIRES_DAYS=30)  # not in git: today
    today = datetime.now(UTC).date() + timedelta(days=30)
    assert ("Expires", f"{today.isoformat()}T00:00:00Z") in fields(output)
    git = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=content.parent, check=True)
    subprocess.run(["git", "add", "."], cwd=content.parent, check=True)
    when = {"GIT_COMMITTER_DATE": "2025-03-01T12:00:00Z", "GIT_AUTHOR_DATE": "2025-03-01T12:00:00Z"}
    subprocess.run(
        [*git, "commit", "-q", "-m", "content"],
        cwd=content.parent,
        check=True,
        env={**os.environ, **when},
    )
    output = build(content, tmp_path / "b", SECURITY_EXPIRES_DAYS=30)
    assert ("Expires", "2025-03-31T00:00:00Z") in fields(output)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    output = build(content, tmp_path / "c", SECURITY_EXPIRES_DAYS=30)
    assert ("Expires", "2026-01-31T00:00:00Z") in fields(output)
    output = build(content, tmp_path / "d", SECURITY_EXPIRES="2030-06-30")
    assert ("Expires", "2030-06-30T00:00:00Z") in fields(output)


def test_contacts_and_canonical_address(tmp_path):
    output = build(
        MINIMAL,
        tmp_path / "output",
        SECURITY_CONTACT=["desk@example.org", "https://example.org/report"],
        SITEURL="https://sitrep.example.org",
    )
    found = fields(output)
    assert found[:2] == [("Contact", "mailto:desk@example.org"),
                         ("Contact", "https://example.org/report")]  # fmt: skip
    assert found[-1] == ("Canonical", "https://sitrep.example.org/.well-known/security.txt")


def test_no_contact_no_file(tmp_path):
    output = build(MINIMAL, tmp_path / "output", SECURITY_CONTACT=None)
    assert not (output / ".well-known").exists()
    assert contacts(" ") == []
