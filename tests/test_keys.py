"""What a file's key counts (pages/keys.py): the values its generator hands it, by value and
the same in any process; what has no stable bytes gives no key, so the file is always made."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import ChainMap
from pathlib import Path

import pytest
from jinja2 import Environment

from generators.cli.project import read_settings
from generators.content.loader import load_site
from generators.content.schema import Location
from generators.pages.keys import Keys, track
from tests.sitebuild import ROOT

MINIMAL = Path(__file__).parent / "sites" / "minimal" / "content"


def keys_of(content: Path) -> Keys:
    settings = read_settings(str(ROOT / "pelicanconf.py"), {"PATH": str(content), "BASEMAP": None})
    return Keys(track(load_site(content)), settings)


@pytest.fixture(scope="module")
def keys() -> Keys:
    return keys_of(MINIMAL)


def test_values_without_stable_bytes_give_no_key(keys):
    settings = ChainMap({"SITENAME": "x"})
    context = Environment().from_string("").new_context({})
    assert keys.key("a/index.html", "page", {"settings": settings}) is None
    assert keys.key("a/index.html", "page", {"context": context}) is None
    assert keys.key("a/index.html", "page", {"site": keys_of(MINIMAL).site}) is None  # another
    assert keys.key("a/index.html", "page", {"site": keys.site}) is not None  # the build's own


def test_a_model_counts_by_its_fields_not_the_order_they_were_given_in(keys):
    one = Location.model_validate({"lat": "36.2", "lon": "37.1", "name": "Ramouseh"})
    two = Location.model_validate({"name": "Ramouseh", "lon": "37.1", "lat": "36.2"})
    other = Location.model_validate({"lat": "36.2", "lon": "37.1", "name": "Castello"})
    assert keys.key("p", "t", {"at": one}) == keys.key("p", "t", {"at": two})
    assert keys.key("p", "t", {"at": one}) != keys.key("p", "t", {"at": other})


def test_a_content_item_counts_by_its_file(keys, tmp_path):
    event_id = next(iter(keys.site.events))
    handed = {"event": keys.site.events[event_id]}
    assert keys.key("p", "t", handed) == keys.key("p", "t", dict(handed))
    shown = keys.key("p", "t", handed)
    # The same site with one event's file changed: that event's key changes.
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = next(p for p in (content / "events").rglob(f"{event_id}.yaml"))
    path.write_text(path.read_text() + "tags: [edited]\n")
    edited = keys_of(content)
    assert edited.key("p", "t", {"event": edited.site.events[event_id]}) != shown


def test_an_index_entry_counts_by_its_items_and_their_order(keys, tmp_path):
    # What a kept page read of an index (an actor's events, say) is compared by digest:
    # editing one of its events, or the order of its events, must change that digest.
    listed = dict(dict.items(keys.site.by_source))
    source = next(name for name, events in listed.items() if len(events) > 1)
    one = ("by_source", source)
    before = keys.ledger.digest(one)
    assert keys_of(MINIMAL).ledger.digest(one) == before  # the same in another build
    reordered = keys_of(MINIMAL)
    dict.__getitem__(reordered.site.by_source, source).reverse()
    assert reordered.ledger.digest(one) != before
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    event_id = listed[source][0].id
    path = next(p for p in (content / "events").rglob(f"{event_id}.yaml"))
    path.write_text(path.read_text() + "tags: [edited]\n")
    assert keys_of(content).ledger.digest(one) != before


KEY_IN_ANOTHER_PROCESS = """
import sys
from tests.test_keys import MINIMAL, keys_of
from generators.content.schema import Location
keys = keys_of(MINIMAL)
events = list(keys.site.events.values())
at = Location.model_validate({"lat": "36.2", "lon": "37.1", "name": "Ramouseh"})
handed = {"events": events, "at": at, "names": {"en": "a", "ar": "b"}, "site": keys.site}
sys.stdout.write(keys.key("p", "t", handed).hex())
"""


def test_keys_are_the_same_in_every_process():
    # Sets and dicts of strings iterate in an order that depends on the process's hash seed:
    # a key that depended on it would make every file again in the next build.
    found = {
        subprocess.run(
            [sys.executable, "-c", KEY_IN_ANOTHER_PROCESS],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(found) == 1 and len(found.pop()) == 40
