"""How errors read (generators/errors.py): an error never copies a long value whole."""

from __future__ import annotations

from generators.errors import QUOTE_MAX, ContentError


def test_an_error_quotes_at_most_about_80_characters_of_a_value():
    secret = "AWS_SECRET_ACCESS_KEY=" + "k" * 500
    long_title = "a long title " * 40
    error = ContentError(
        "content/analyses/x.md",
        3,
        1,
        "key" * 100,
        f"unknown event '{long_title}' in [[event:{secret}]]",
        f"no file events/{secret}.yaml",
    ).format()
    assert "k" * (QUOTE_MAX - 40) in error  # enough to recognise the value ...
    assert "k" * QUOTE_MAX not in error  # ... never the whole of it
    assert long_title[:60] in error and long_title[: QUOTE_MAX + 10] not in error
    assert len(error) < 6 * QUOTE_MAX
    assert error.startswith("content/analyses/x.md:3:1: error: keykey")


def test_a_short_error_is_left_as_it_is():
    error = ContentError("content/events/x.yaml", 2, 7, "date", "expected a date, got '6 Aug'")
    assert error.format() == "content/events/x.yaml:2:7: error: date: expected a date, got '6 Aug'"


def test_an_error_is_one_line_whatever_a_key_holds():
    error = ContentError("content/x.yaml", 4, 5, "translations.\n\u202e", "got '\x00'").format()
    assert error == "content/x.yaml:4:5: error: translations.\\n\\u202e: got '\\x00'"
