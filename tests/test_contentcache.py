"""The content cache (generators/content/contentcache.py): a new process validates again only the
files that changed since the previous load, and nothing it reports or builds differs from
what a load without the cache gives."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import generators.content.contentcache as contentcache
import generators.content.loader as loader
from generators.content.contentcache import ContentCache, cache_for
from generators.content.loader import load_site
from generators.content.model import Site
from generators.content.untranslated import untranslated
from generators.errors import ContentInvalid
from tests.sitebuild import ROOT, build, edit, tree

SIEGE = "events/2016/08/2016-08-06-siege-broken.yaml"
LANGUAGES = ("en", "ar")


@pytest.fixture(autouse=True)
def machine_key(tmp_path, monkeypatch) -> None:
    """Each test signs its shards with a key of its own, not the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def content(copy_site) -> Path:
    return copy_site("minimal") / "content"


@pytest.fixture
def parsed(monkeypatch) -> Counter:
    """How often each file is parsed (loaded as YAML), by its shown path."""
    counts: Counter = Counter()
    real = loader.load_yaml

    def counting(path, shown, data=None):
        counts[shown] += 1
        return real(path, shown, data)

    monkeypatch.setattr(loader, "load_yaml", counting)
    return counts


def load(content: Path, languages: tuple[str, ...] = LANGUAGES) -> Site:
    """A load as a new `sitrep build` process does it: nothing known but the disk."""
    loader._validated.clear()
    return load_site(content, languages, ContentCache(content.parent / "cache", languages))


def items(site: Site) -> dict:
    """Every item's fields and where each of its values stands in its file."""
    found = {}
    for kind in ("events", "actors", "places", "sources", "indicators", "areas"):
        for item_id, item in site.kind(kind).items():
            doc = site.documents[(kind, item_id)]
            found[(kind, item_id)] = (item.model_dump(), item.id, item.path, doc.digest)
            found[(kind, item_id)] += (doc.path, doc.marks, doc.key_marks)
    return found


def test_a_second_load_reads_no_unchanged_file_and_gives_equal_items(content, parsed):
    first = load(content)
    assert len(parsed) > 5
    parsed.clear()
    second = load(content)
    assert parsed == Counter()
    assert items(second) == items(first) == items(load_site(content, LANGUAGES))
    assert second.events["2016-08-06-siege-broken"] is not first.events["2016-08-06-siege-broken"]


def test_a_new_process_reads_only_the_changed_file(content, tmp_path):
    """Two `sitrep`-like processes under different hash seeds: the second parses the one
    file edited in between."""
    script = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
import generators.content.loader as loader
from generators.content.contentcache import ContentCache
parsed = []
real = loader.load_yaml
loader.load_yaml = lambda path, shown, data=None: (parsed.append(shown), real(path, shown, data))[1]
languages = {LANGUAGES!r}
loaded = loader.load_site({str(content)!r}, languages, ContentCache(
    __import__("pathlib").Path({str(content.parent / "cache")!r}), languages))
print(json.dumps([parsed, {{k: e.title for k, e in loaded.events.items()}}]))
"""

    def run(seed: str) -> list:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)

    cold, titles = run("1")
    assert f"content/{SIEGE}" in cold and len(cold) > 5
    edit(content / SIEGE, "title: Siege", "title: Edited siege")
    warm, warm_titles = run("2")
    assert warm == [f"content/{SIEGE}"]
    assert warm_titles["2016-08-06-siege-broken"].startswith("Edited siege")
    assert {k: v for k, v in warm_titles.items() if k != "2016-08-06-siege-broken"} == {
        k: v for k, v in titles.items() if k != "2016-08-06-siege-broken"
    }


def test_a_file_made_invalid_is_read_again_and_its_errors_reported_as_without_cache(
    content, parsed
):
    load(content)
    edit(content / SIEGE, "date: 2016-08-06", "date: 6 Aug 2016")
    for _ in range(2):  # an invalid file is never cached: read and reported every time
        parsed.clear()
        with pytest.raises(ContentInvalid) as cached:
            load(content)
        assert parsed == Counter({f"content/{SIEGE}": 1})
    with pytest.raises(ContentInvalid) as cold:
        load_site(content, LANGUAGES)
    assert [e.format() for e in cached.value.errors] == [e.format() for e in cold.value.errors]
    assert cached.value.errors[0].format().startswith(f"content/{SIEGE}:2:7: error: date:")


def test_an_error_across_files_is_reported_though_each_file_is_cached(content):
    load(content)
    edit(content / "places/district.yaml", "parent: city", "parent: cty")
    with pytest.raises(ContentInvalid) as cached:
        load(content)
    with pytest.raises(ContentInvalid) as cold:
        load_site(content, LANGUAGES)
    assert [e.format() for e in cached.value.errors] == [e.format() for e in cold.value.errors]
    assert "unknown place 'cty'" in cached.value.errors[0].format()


def test_new_code_or_other_languages_validate_everything_again(content, parsed, monkeypatch):
    load(content)
    parsed.clear()
    load(content, ("en",))
    assert len(parsed) > 5
    load(content)  # the shards now hold English only: Arabic is validated again too
    parsed.clear()
    load(content)
    assert parsed == Counter()
    monkeypatch.setattr(contentcache, "code_digest", lambda: b"sitrep after an upgrade")
    load(content)
    assert len(parsed) > 5


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(path.read_bytes()[:-40]),  # cut short
        lambda path: path.write_bytes(b"\0" * 100),
        lambda path: path.write_bytes(b""),
        lambda path: shutil.rmtree(path.parent),
    ],
    ids=["truncated", "garbage", "empty", "folder-gone"],
)
def test_a_spoilt_shard_is_ignored_and_written_again(content, parsed, spoil):
    first = load(content)
    shards = sorted((content.parent / "cache").glob("*.pickle"))
    assert shards
    for shard in shards:
        if shard.exists():
            spoil(shard)
    parsed.clear()
    assert items(load(content)) == items(first)
    assert len(parsed) > 5
    parsed.clear()
    load(content)
    assert parsed == Counter()


def test_a_shard_signed_elsewhere_is_never_unpickled(content, parsed, tmp_path):
    """A pickle runs code as it is read: a shard that does not carry this machine's
    signature (one committed with the content, say) is not read at all."""
    first = load(content)
    marker = tmp_path / "unpickled"
    trap = pickle.dumps(TouchOnLoad(marker))
    for shard in (content.parent / "cache").glob("*.pickle"):
        shard.write_bytes(b"\0" * 32 + trap)
    parsed.clear()
    assert items(load(content)) == items(first)
    assert not marker.exists()
    assert len(parsed) > 5


class TouchOnLoad:
    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_a_removed_file_is_dropped_from_the_cache(content, parsed):
    load(content)
    kept = (content / SIEGE).read_bytes()
    (content / SIEGE).unlink()
    with pytest.raises(ContentInvalid):  # the analysis cites it
        load(content)
    (content / SIEGE).write_bytes(kept)
    parsed.clear()
    load(content)
    assert parsed == Counter({f"content/{SIEGE}": 1})


def test_only_the_shard_of_the_edited_file_is_written_again(content):
    load(content)
    folder = content.parent / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    os.utime(folder, ns=(0, 0))
    for path in folder.glob("*.pickle"):
        os.utime(path, ns=(0, 0))
    edit(content / SIEGE, "title: Siege", "title: Edited siege")
    load(content)
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert before.keys() == after.keys()
    assert sum(1 for mtime in after.values() if mtime != 0) == 1


def test_a_preview_load_opens_and_writes_only_the_shard_of_the_edited_file(
    content, parsed, monkeypatch
):
    """The preview's load after a save trusts the other files to be as the last load left
    them and saved them: it neither opens nor writes their shards (0.05 s a save at 10,000
    events), and a new process still finds every file in the cache."""
    opened: list[str] = []
    real = ContentCache._load

    def loading(self, path):
        opened.append(path.name)
        return real(self, path)

    monkeypatch.setattr(ContentCache, "_load", loading)
    folder = content.parent / "cache"
    with loader.keeping_validated():
        load_site(content, LANGUAGES, ContentCache(folder, LANGUAGES))
        written = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
        opened.clear()
        edit(content / SIEGE, "title: Siege", "title: Edited siege")
        loader.expect_changes([content / SIEGE])
        load_site(content, LANGUAGES, ContentCache(folder, LANGUAGES))
    shard = f"{contentcache._shard_of(('events', f'content/{SIEGE}')):02d}.pickle"
    assert opened == [shard]
    now = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert {name for name in now if now[name] != written[name]} == {shard}
    # A new process parses nothing: the edited file's entry was written with its shard.
    parsed.clear()
    cached = items(load(content))
    assert parsed == Counter()
    assert cached == items(load_site(content, LANGUAGES))


def test_untranslated_warnings_come_from_the_cache_as_computed(copy_site, parsed):
    content = copy_site("bilingual") / "content"
    load(content)
    parsed.clear()
    warm = load(content)
    assert parsed == Counter()
    warnings = untranslated(warm)
    assert warnings and warnings == untranslated(load_site(content, LANGUAGES))
    assert all(w.line > 0 for w in warnings)


def test_the_cache_goes_beside_the_content_folder_unless_a_setting_says_where(tmp_path):
    settings = {"PATH": str(tmp_path / "desk" / "content")}
    assert cache_for(settings, LANGUAGES).folder == tmp_path / "desk" / ".sitrep-cache"
    elsewhere = {**settings, "SITREP_CACHE": str(tmp_path / "elsewhere")}
    assert cache_for(elsewhere, LANGUAGES).folder == tmp_path / "elsewhere"
    assert cache_for({**settings, "SITREP_CACHE": False}, LANGUAGES) is None


def test_a_build_with_a_warm_cache_gives_the_site_a_cold_build_gives(tmp_path, parsed):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = str(tmp_path / "cache")
    build(content, tmp_path / "first" / "output", SITREP_SEARCH=False, SITREP_CACHE=cache)
    edit(
        content / "events/2016/08/2016-08-06-siege-declared-broken.yaml",
        "title: Rebels and a monitor say",
        "title: Rebels and monitors say",
    )
    parsed.clear()
    warm = build(content, tmp_path / "warm" / "output", SITREP_SEARCH=False, SITREP_CACHE=cache)
    read = [shown for shown in parsed if not shown.startswith("content/areas/")]  # not cached
    assert read == ["content/events/2016/08/2016-08-06-siege-declared-broken.yaml"]
    cold = build(content, tmp_path / "cold" / "output", SITREP_SEARCH=False, SITREP_CACHE=False)
    assert tree(warm) == tree(cold)
    assert len(tree(cold)) > 50
