"""Preserved citations (schema.SourceCitation, content/media.py, the `preserved` macro): an
archived copy with the moment it was captured and its hash, media the desk keeps with their
own hashes, graphic ones never loaded before the reader asks."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generators.content.loader import load_site
from generators.errors import ContentInvalid
from tests.sitebuild import SITES, build, edit, page

# An image of this test's own making (a 1x1 PNG), kept by the fixture desk.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
STILL = hashlib.sha256(PNG).hexdigest()
GRAPHIC = hashlib.sha256(PNG + b"graphic").hexdigest()
COPY = "ab" * 32
EVENT = "events/2016/08/2016-08-05-assault.yaml"
PRESERVED = f"""    archive_url: https://archive.example.org/wire/assault
    captured: 2016-08-05T18:40:00+03:00
    sha256: {COPY.upper()}
    media:
      - file: images/assault-still.png
        sha256: {STILL}
        caption: Smoke over the south district
        credit: Wire photographer
      - file: images/assault-graphic.png
        sha256: {GRAPHIC}
        caption: The wounded at the field hospital
        graphic: true
      - url: https://video.example.org/assault
        sha256: {COPY}
        caption: The alliance's video of the attack
"""


def preserved_site(content: Path) -> Path:
    edit(content / EVENT, "    published: 2016-08-05\n", "    published: 2016-08-05\n" + PRESERVED)
    images = content / "images"
    images.mkdir()
    (images / "assault-still.png").write_bytes(PNG)
    (images / "assault-graphic.png").write_bytes(PNG + b"graphic")
    return content


@pytest.fixture(scope="module")
def preserved(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("preserved")
    content = root / "content"
    shutil.copytree(SITES / "minimal" / "content", content)
    return build(preserved_site(content), root / "output")


def test_the_event_page_says_when_the_copy_was_archived_and_its_hash(preserved):
    sources = page(preserved, "/events/2016-08-05-assault/").find(id="source-wire")
    archived = sources.find("a", class_="archived")
    assert archived["href"] == "https://archive.example.org/wire/assault"
    assert archived.get_text(" ", strip=True) == "archived on 5 Aug 2016, 18:40 (UTC+03:00)"
    # The hash as the desk can check it: lower case, whole.
    assert sources.find("code", class_="sha256").get_text() == COPY


def test_kept_media_show_with_caption_credit_and_hash_and_graphic_ones_only_as_a_link(preserved):
    media = page(preserved, "/events/2016-08-05-assault/").find(id="source-wire").find("ul")
    still, graphic, remote = media.find_all("li", recursive=False)
    img = still.find("img")
    assert img["src"] == "/images/assault-still.png"
    assert (img["width"], img["height"]) == ("1", "1")  # read from the file: no layout shift
    assert img["alt"] == "Smoke over the south district"
    assert "Wire photographer" in still.figcaption.get_text()
    assert still.find("code", class_="sha256").get_text() == STILL
    assert (preserved / "images" / "assault-still.png").read_bytes() == PNG
    # Graphic: no element that loads it, a warning, then a link the reader follows.
    assert graphic.find(["img", "video", "picture", "source", "iframe"]) is None
    assert "Warning: graphic image." in graphic.get_text()
    assert graphic.find("a", class_="graphic-media")["href"] == "/images/assault-graphic.png"
    # Media at another address: a link, nothing loaded from another host.
    assert remote.find("img") is None
    assert remote.a["href"] == "https://video.example.org/assault"


def test_the_events_download_carries_the_preserved_citation(preserved):
    data = json.loads((preserved / "data" / "events.json").read_text())
    (assault,) = [e for e in data["events"] if e["id"] == "2016-08-05-assault"]
    cited = assault["sources"][0]
    assert cited["captured"] == "2016-08-05T18:40:00+03:00"
    assert cited["sha256"] == COPY
    assert [m["sha256"] for m in cited["media"]] == [STILL, GRAPHIC, COPY]
    assert cited["media"][1]["graphic"] is True


def errors(content: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_site(content, ("en",))
    return [error.format() for error in caught.value.errors]


def test_a_media_file_that_changed_or_is_missing_is_an_error(copy_site):
    content = preserved_site(copy_site("minimal") / "content")
    (content / "images" / "assault-still.png").write_bytes(PNG + b"altered")
    (content / "images" / "assault-graphic.png").unlink()
    found = hashlib.sha256(PNG + b"altered").hexdigest()
    assert errors(content) == [
        f"content/{EVENT}:24:17: error: sources[0].media[0].sha256: expected the SHA-256 of "
        f"content/images/assault-still.png, got {STILL[:12]}... (the file's is {found[:12]}...) "
        "(hint: the file is not the one the desk recorded: restore it, or record the new "
        "file's hash if it replaces the old one on purpose)",
        f"content/{EVENT}:27:15: error: sources[0].media[1].file: expected a file of the "
        "content folder, got content/images/assault-graphic.png, which does not exist "
        "(hint: put the file there, or correct the path)",
    ]


def test_a_bad_capture_date_hash_or_media_entry_is_an_error(copy_site):
    content = preserved_site(copy_site("minimal") / "content")
    edit(content / EVENT, "captured: 2016-08-05T18:40:00+03:00", "captured: 2016-08-05T18:40:00")
    edit(content / EVENT, f"sha256: {COPY.upper()}", "sha256: sha256:abc")
    remote = "      - url: https://video.example.org/assault\n"
    edit(content / EVENT, remote, "      - caption: x\n")
    edit(content / EVENT, "        caption: The alliance's video of the attack\n", "")
    edit(content / EVENT, "graphic: true", "graphic: maybe")
    found = errors(content)
    assert any(
        ":20:15: error: sources[0].captured: expected a date-time with its offset" in e
        and "(hint: a capture is a moment" in e
        for e in found
    ), found
    assert any(
        ":21:13: error: sources[0].sha256: expected a SHA-256 of 64 hexadecimal digits, got "
        "'sha256:abc' (hint: write the digits alone, without 'sha256:')" in e
        for e in found
    ), found
    flag = "sources[0].media[1].graphic: expected true or false, got 'maybe'"
    assert any(flag in e for e in found), found
    assert any(
        "sources[0].media[2].file: expected a file or a url, got neither" in e for e in found
    ), found


def test_a_capture_needs_the_archived_copy_it_is_of(copy_site):
    content = copy_site("minimal") / "content"
    published = "    published: 2016-08-05\n"
    edit(content / EVENT, published, f"{published}    sha256: {COPY}\n")
    assert errors(content) == [
        f"content/{EVENT}:19:13: error: sources[0].sha256: expected an archive_url with "
        "'sha256', got none (hint: 'sha256' is about the archived copy: give its address as "
        "archive_url)"
    ]


def test_other_languages_pages_take_the_media_from_the_one_site_root(preserved):
    media = page(preserved, "/ar/events/2016-08-05-assault/").find(id="source-wire").find("ul")
    still, graphic, _ = media.find_all("li", recursive=False)
    assert still.img["src"] == "/images/assault-still.png"
    assert graphic.find("a", class_="graphic-media")["href"] == "/images/assault-graphic.png"
    # The desk's caption, in the content's language, marked as such on an Arabic page.
    assert still.figcaption.find("span", lang="en").get_text() == "Smoke over the south district"


@pytest.mark.parametrize(
    "head, size",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300">', (480, 300)),
        (b'<svg viewBox="0 0 640 360" xmlns="http://www.w3.org/2000/svg">', (640, 360)),
        (b"GIF89a\x20\x03\x58\x02" + b"\0" * 8, (800, 600)),
        (
            b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\x2c\x01\x90" + b"\0" * 8,
            (400, 300),
        ),
        (b"not an image", None),
    ],
)
def test_the_size_of_a_kept_image_is_read_from_its_header(head, size):
    from generators.content.media import image_size

    assert image_size(PNG) == (1, 1)
    assert image_size(head) == size
