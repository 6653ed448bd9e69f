"""/.well-known/security.txt (generators/pages/securitytxt.py)."""

from __future__ import annotations

from generators.pages.securitytxt import contacts
from tests.sitebuild import SITES, build

MINIMAL = SITES / "minimal" / "content"


def fields(output) -> list[tuple[str, str]]:
    text = (output / ".well-known" / "security.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    return [tuple(line.split(": ", 1)) for line in text.splitlines()]


def test_demo_site_publishes_contact_and_expiry_a_year_after_its_newest_content(demo_site):
    # The demo's newest date is its last event, on 2016-12-01.
    assert fields(demo_site) == [
        ("Contact", "mailto:security@sitrep.example.org"),
        ("Expires", "2017-12-01T00:00:00Z"),
        ("Preferred-Languages", "en"),
    ]


def test_expiry_follows_settings_then_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    output = build(MINIMAL, tmp_path / "a", SECURITY_EXPIRES_DAYS=30)
    assert ("Expires", "2016-09-06T00:00:00Z") in fields(output)  # newest: 2016-08-07
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    output = build(MINIMAL, tmp_path / "b", SECURITY_EXPIRES_DAYS=30)
    assert ("Expires", "2026-01-31T00:00:00Z") in fields(output)
    output = build(MINIMAL, tmp_path / "c", SECURITY_EXPIRES="2030-06-30")
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
