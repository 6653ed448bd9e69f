"""Reading YAML: values stay text, every value keeps its line, and what YAML would silently
reinterpret or expand is refused before it is used."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generators.content.yamlsource import (
    MAX_FILE_BYTES,
    Document,
    _Builder,
    _Parser,
    load_yaml,
    read_text,
)


def read(tmp_path: Path, text: str | bytes):
    file = tmp_path / "item.yaml"
    file.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_yaml(file, "content/item.yaml")


def only_error(tmp_path: Path, text: str | bytes) -> str:
    _, errors = read(tmp_path, text)
    assert len(errors) == 1
    return errors[0].format()


@pytest.mark.parametrize(
    "value", ["NO", "off", "yes", "On", "1:30", "0777", "1e3", "2016-08-06", ".nan", "0x1F"]
)
def test_scalars_stay_text(tmp_path, value):
    doc, errors = read(tmp_path, f"title: {value}\nlist: [{value}]\n")
    assert errors == []
    assert doc.data == {"title": value, "list": [value]}


def test_only_plain_empty_or_null_means_nothing(tmp_path):
    doc, errors = read(tmp_path, 'a:\nb: ~\nc: null\nd: "null"\ne: ""\n')
    assert errors == []
    assert doc.data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_every_value_and_key_keeps_its_line_and_column(tmp_path):
    text = "title: T\nsources:\n  - source: wire\n    credibility: 2\nlocation: {lat: 1}\n"
    doc, _ = read(tmp_path, text)
    assert doc.marks[("title",)] == (1, 8)
    assert doc.marks[("sources", 0)] == (3, 5)
    assert doc.marks[("sources", 0, "credibility")] == (4, 18)
    assert doc.key_marks[("sources", 0, "credibility")] == (4, 5)
    assert doc.marks[("location", "lat")] == (5, 17)


def test_positions_found_later_are_the_careful_readers_for_every_demo_file():
    # A file read on the fast path finds its positions only when an error or warning asks:
    # by a lighter walk, which must place every value and key as the careful reader does.
    files = sorted((Path(__file__).parent.parent / "content").rglob("*.yaml"))
    assert len(files) >= 50
    for file in files:
        doc, errors = load_yaml(file, file.name)
        assert errors == [] and doc.text is not None, file  # read on the fast path
        careful = Document(file.name)
        _Builder(yaml.parse(doc.text, Loader=_Parser), careful).build()
        assert (doc.marks, doc.key_marks) == (careful.marks, careful.key_marks), file


def test_a_missing_value_is_placed_at_its_closest_parent(tmp_path):
    doc, _ = read(tmp_path, "# comment\nsources:\n  - source: wire\n")
    assert doc.mark(("sources", 0, "credibility")) == (3, 5)
    assert doc.mark(("nothing",)) == (2, 1)  # the start of the item
    assert doc.mark(("sources", 0, "source"), key=True) == (3, 5)


def test_duplicate_keys_are_refused_where_they_repeat(tmp_path):
    assert only_error(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n") == (
        "content/item.yaml:4:3: error: a.b: expected each key once, got 'b' again (first at "
        "line 2) (hint: keep one of them; other YAML tools would silently keep only the last)"
    )


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    levels += [
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    doc, errors = read(tmp_path, "\n".join(levels) + "\n")
    assert [e.format() for e in errors] == [
        "content/item.yaml:1:4: error: expected plain values, got the YAML anchor &a (hint: "
        "write the value out in full; anchors and aliases make files hard to review)"
    ]
    assert doc.data is None  # nothing was built, let alone expanded


@pytest.mark.parametrize(
    ("value", "shown"),
    [("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
     ("!!binary aGk=", "!!binary"), ("!include other.yaml", "!include")],
)  # fmt: skip
def test_tags_are_refused(tmp_path, value, shown):
    assert f"got the YAML tag '{shown}'" in only_error(tmp_path, f"title: {value}\n")


def test_tab_indentation_gets_its_own_hint(tmp_path):
    assert only_error(tmp_path, "a:\n\t- b\n") == (
        "content/item.yaml:2:1: error: invalid YAML: a tab indents this line "
        "(hint: indent with spaces: YAML does not allow tabs)"
    )


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    error = only_error(tmp_path, 'a: 1\nb: "open\nc: 2\nd: 3\n')
    assert error.startswith(
        "content/item.yaml:2:4: error: invalid YAML: this quote is never closed"
    )


def test_an_unclosed_bracket_hint_points_at_the_bracket(tmp_path):
    assert "close the list opened with '[' at line 2, column 7" in only_error(
        tmp_path, "a: 1\ntags: [siege, aleppo\nb: 1\n"
    )


@pytest.mark.parametrize("text", ["title: [Rebels] say so\n", 'title: "Rebels" say so\n'])
def test_text_that_starts_like_yaml_syntax_is_told_to_be_quoted(tmp_path, text):
    assert "(hint: put the whole value in quotes" in only_error(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n", "expected fields (key: value), got an empty file"),
        ("", "expected fields (key: value), got an empty file"),
        ("- a\n- b\n", "expected fields (key: value), got a list"),
        ("just text\n", "expected fields (key: value), got the text 'just text'"),
        ("a: 1\n---\na: 2\n", "expected one YAML document, got a second one after '---'"),
    ],
)
def test_a_file_holds_one_mapping(tmp_path, text, message):
    assert f": error: {message}" in only_error(tmp_path, text)


def test_read_text_refuses_bom_bad_bytes_and_size():
    assert read_text(b"a: 1\n", "x.yaml") == ("a: 1\n", None)
    assert read_text(b"\xef\xbb\xbfa: 1\n", "x.yaml")[1].message.startswith(
        "expected UTF-8 text, got a byte-order mark"
    )
    bad = read_text(b"a: 1\nname: Alep\xe9\n", "x.yaml")[1]
    assert (bad.line, bad.col, bad.message) == (2, 11, "expected UTF-8 text, got the byte 0xe9")
    assert "'é' in Windows-1252" in bad.hint
    assert read_text(b"a" * MAX_FILE_BYTES, "x.yaml")[1] is None
    big = read_text(b"a" * (MAX_FILE_BYTES + 1), "x.yaml")[1]
    assert big.message == f"file is {MAX_FILE_BYTES + 1:,} bytes, over the limit of 1,000,000"


@pytest.mark.parametrize(
    ("text", "where", "char"),
    [
        ("title: a\x00b\n", "1:9", "U+0000"),
        ("title: ok\nsummary: |\n  one\n  two \x01 three\n", "4:7", "U+0001"),
        ("title: ok\nnote: 'x\x7f'\n", "2:9", "U+007F"),
        ("title: ok\nname: a\x85b\n", "2:8", "U+0085"),
    ],
)
def test_a_control_character_is_one_error_at_its_line_and_column(tmp_path, text, where, char):
    error = only_error(tmp_path, text)
    assert error.startswith(f"content/item.yaml:{where}: error: expected text, got the control")
    assert char in error and "\n" not in error


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)) + "  " * 40 + "- x\n", "33:"),
        ("title: t\nx: " + "[" * 100 + "]" * 100 + "\n", "2:"),
        ("x: " + "{a: " * 900 + "b" + "}" * 900 + "\n", "1:"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "1:"),
    ],
)
def test_deep_nesting_is_refused_at_its_line(tmp_path, text, where):
    error = only_error(tmp_path, text)
    assert error.startswith(f"content/item.yaml:{where}"), error
    assert "nested" in error


def test_shallow_nesting_is_still_read(tmp_path):
    doc, errors = read(tmp_path, "x: " + "[" * 20 + "1" + "]" * 20 + "\n")
    assert errors == [] and doc.data["x"][0][0][0][0][0][0][0][0][0][0] == [[[[[[[[[["1"]]]]]]]]]]
