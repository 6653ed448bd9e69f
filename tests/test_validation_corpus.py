"""The bad-input corpus: each file in tests/bad/ breaks one rule and says what sitrep must
answer. A file's first lines are its instructions:

    # target: events/bad-date.yaml          (where it goes inside the minimal site's content)
    # expect: content/events/bad-date.yaml:5:7: error: date: expected ...   (one or more)

The test drops the file into a copy of tests/sites/minimal, validates the whole site and
compares the complete list of errors, exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.errors import ContentInvalid
from generators.site import load_site

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.is_file())


def instructions(case: Path) -> tuple[str, list[str]]:
    target, expected = "", []
    for line in case.read_text(encoding="utf-8").splitlines():
        if line.startswith("# target: "):
            target = line.removeprefix("# target: ").strip()
        elif line.startswith("# expect: "):
            expected.append(line.removeprefix("# expect: ").strip())
    return target, expected


def errors_for(content: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_site(content)
    return [error.format() for error in caught.value.errors]


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bad_file_gives_exact_errors(case, copy_site):
    target, expected = instructions(case)
    assert target and expected, f"{case.name} lacks '# target:' or '# expect:' lines"
    content = copy_site("minimal") / "content"
    destination = content / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(case.read_bytes())
    assert errors_for(content) == expected
