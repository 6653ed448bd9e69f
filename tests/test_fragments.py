"""Pieces of pages rendered once per build (generators/build/fragments.py): a repeated key
returns the stored piece, and nothing is kept from one build to the next."""

from __future__ import annotations

from markupsafe import Markup

from generators.build.fragments import Fragments, fragments_for
from tests.sitebuild import build, page

SIEGE = "events/2016/08/2016-08-06-siege-broken.yaml"


def test_a_key_seen_before_returns_the_stored_piece_without_rendering_it_again():
    cached = Fragments()
    calls = []

    def body(text: str):
        def caller() -> Markup:
            calls.append(text)
            return Markup(text)

        return caller

    assert cached("item", "en", 1, caller=body("<li>one</li>")) == "<li>one</li>"
    assert cached("item", "en", 1, caller=body("<li>stale</li>")) == "<li>one</li>"
    assert cached("item", "ar", 1, caller=body("<li>واحد</li>")) == "<li>واحد</li>"
    assert calls == ["<li>one</li>", "<li>واحد</li>"]


def test_a_second_build_in_the_same_process_renders_the_edited_item(copy_site, tmp_path):
    # As `sitrep serve` does: build, edit, build again without leaving the process.
    content = copy_site("minimal") / "content"
    output = build(content, tmp_path / "output")
    event = content / SIEGE
    event.write_text(
        event.read_text(encoding="utf-8").replace("title: Siege", "title: Edited siege", 1),
        encoding="utf-8",
    )
    build(content, output)
    for url in ("/days/2016-08-06/", "/actors/rebel-alliance/"):
        titles = [a.get_text() for a in page(output, url).select(".event-list a")]
        assert "Edited siege said to be broken" in titles, url
        assert "Siege said to be broken" not in titles, url


def test_each_build_has_its_own_cache():
    # Pelican's context is new on every build; the cache lives in it.
    first, second = {}, {}
    assert fragments_for(first) is fragments_for(first)
    assert fragments_for(first) is not fragments_for(second)
