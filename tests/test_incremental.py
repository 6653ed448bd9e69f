"""A rebuild gives, byte for byte, the site a cold build of the same content gives, after
every kind of edit an author or a designer makes: each field of each content kind, a file
added, renamed, moved or deleted, the theme and the settings.

One chain of edits runs over a copy of the demo desk (content, theme, settings). After each
edit the site is rebuilt in the same output folder, so the store keeps whatever it believes
unchanged (from the third build on, in the spare site), and a cold build of the edited desk
is made in a new folder; the two trees must hold the same files with the same bytes. Each
edit is a test of its own. A rebuild that differs is reported with the files that differ,
and the chain goes on from the cold build (its folder, manifest and cache), so that one
stale page does not make every later case fail.

After the first, each build runs in a process of its own, as `sitrep build` does (reading
the manifest and the content cache from disk), the rebuild and the cold build side by side
on the machine's two cores. Selecting one case (`-k`) runs the edits before it too: the
chain is what the case starts from. The file takes a few minutes; `-m "not slow"` leaves it
out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

import pytest

from generators.cli.commands import main
from tests.sitebuild import DEMO_BASEMAP, ROOT, build, differences, edit, tree
from tests.test_store import (
    add_event,
    delete_event,
    deny_on_another_day,
    edit_analysis,
    edit_title,
    move_to_another_day,
    rename_actor,
    rename_event,
)

pytestmark = pytest.mark.slow

EVENTS = "content/events/2016"
BROKEN = f"{EVENTS}/08/2016-08-06-siege-declared-broken.yaml"
NIGHT = f"{EVENTS}/08/2016-08-06-fighting-continues-saturday-night.yaml"
CASTELLO = f"{EVENTS}/07/2016-07-17-castello-road-cut.yaml"  # an event of another day
CASTELLO_MOVED = f"{EVENTS}/2016-07-17-castello-road-cut.yaml"
REPORT = "content/analyses/siege-broken-day.md"  # the report of 6 August
REPORT_AR = "content/analyses/siege-broken-day.ar.md"
HUMANITARIAN = "content/analyses/humanitarian-situation.md"
CORRIDOR = "content/areas/ramousah-corridor.yaml"
STRIKES = "content/indicators/strikes-on-medical-facilities-aleppo.yaml"
CATALOGUE = "theme/translations/ar/LC_MESSAGES/messages.po"


Result = TypeVar("Result")


class Desk:
    """What a build is made of, in a folder of its own: the content, the theme and the
    settings given to the build (over the project's)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.content = folder / "content"
        shutil.copytree(ROOT / "content", self.content)
        shutil.copytree(ROOT / "themes" / "sitrep", folder / "theme")
        self.settings = {"SITREP_SEARCH": False, "THEME": str(folder / "theme")}

    def build(self, output: Path) -> None:
        build(self.content, output, **self.settings)


@dataclass(frozen=True)
class Edit:
    """One step of the chain; `shows` says whether it changes the built site (moving a
    file must not: then the step checks that nothing changed)."""

    id: str
    make: Callable[[Desk], None]
    shows: bool = True


def change(case: str, path: str, old: str, new: str) -> Edit:
    """`old`, which must be in the desk's file at `path`, replaced by `new`."""
    return Edit(case, lambda desk: edit(desk.folder / path, old, new))


def of_content(case: str, make: Callable[[Path], None]) -> Edit:
    """An edit made by a function of the content folder (those of test_store.py)."""
    return Edit(case, lambda desk: make(desk.content))


def setting(case: str, **settings) -> Edit:
    return Edit(case, lambda desk: desk.settings.update(settings))


def move(case: str, path: str, to: str, shows: bool = True) -> Edit:
    def make(desk: Desk) -> None:
        (desk.folder / to).parent.mkdir(parents=True, exist_ok=True)
        (desk.folder / path).rename(desk.folder / to)

    return Edit(case, make, shows)


def write(case: str, path: str, text: str) -> Edit:
    return Edit(case, lambda desk: (desk.folder / path).write_text(text, encoding="utf-8"))


def delete(case: str, path: str) -> Edit:
    return Edit(case, lambda desk: (desk.folder / path).unlink())


ADDED = f"{EVENTS}/08/2016-08-06-another-siege-claim.yaml"


def add_copy(desk: Desk, path: str, to: str) -> None:
    """A new event, a copy of the one at `path` under another title: it joins every list
    the original is in (its day, actors, places, sources, /contested/)."""
    text = (desk.folder / path).read_text(encoding="utf-8")
    title = text.split("\n", 1)[0]
    (desk.folder / to).write_text(text.replace(title, "title: Another claim", 1), "utf-8")


TAKEAWAY = (
    "- The last road in was cut three weeks earlier ([[event:2016-07-17-castello-road-cut]]).\n"
)
TAKEAWAY_AR = (
    "- قُطع آخر طريق إلى الأحياء الشرقية قبل ثلاثة أسابيع\n"
    "  ([[event:2016-07-17-castello-road-cut]]).\n"
)


def replace_basemap(desk: Desk) -> None:
    """The demo's basemap made again, smaller: every map's basemap and static map change."""
    basemap = desk.content / DEMO_BASEMAP
    smaller = desk.folder / "smaller.pmtiles"
    cut = [
        "basemap",
        str(smaller),
        str(basemap),
        "--bbox",
        "36.6,35.9,37.6,36.5",
        "--max-zoom",
        "7",
    ]
    assert main(cut) == 0
    smaller.replace(basemap)


EDITS = [
    # The day page shows its report's takeaways, with the names of the items they link.
    change(
        "analysis-takeaway-links-another-day",
        REPORT,
        "\n## The battle for Ramousah",
        f"{TAKEAWAY}\n## The battle for Ramousah",
    ),
    change(
        "analysis-translation-takeaway-links-another-day",
        REPORT_AR,
        "\n## معركة الراموسة",
        f"{TAKEAWAY_AR}\n## معركة الراموسة",
    ),
    change(
        "linked-event-title",
        CASTELLO,
        "title: Government forces cut",
        "title: Government troops cut",
    ),
    # Events: every field.
    of_content("event-title", edit_title),
    change(
        "event-title-translation",
        BROKEN,
        "    title: فصائل المعارضة وجهة رصد تعلن",
        "    title: فصيلان معارضان وجهة رصد يعلنون",
    ),
    of_content("event-date", move_to_another_day),
    change("event-date-time", BROKEN, "date: 2016-08-07\n", "date: 2016-08-07T21:00:00+03:00\n"),
    change(
        "event-end-date",
        NIGHT,
        "\ndate: 2016-08-06\n",
        "\ndate: 2016-08-06\nend_date: 2016-08-07\n",
    ),
    change("event-date-precision", CASTELLO, "date_precision: week", "date_precision: month"),
    change("event-subtype", NIGHT, "subtype: armed-clash", "subtype: government-regains-territory"),
    change(
        "event-type",
        BROKEN,
        "type: battles\nsubtype: non-state-actor-overtakes-territory",
        "type: strategic-developments\nsubtype: non-violent-transfer-of-territory",
    ),
    change("event-place", BROKEN, "place: ramousah\n", "place: ramousah-artillery-base\n"),
    change(
        "event-location",
        NIGHT,
        "place: ramousah\n",
        "location: {name: Ramousah roundabout, lat: 36.168, lon: 37.141}\n",
    ),
    change("event-geo-precision", CASTELLO, "geo_precision: near", "geo_precision: region"),
    change(
        "event-actors", NIGHT, "  - syrian-arab-army\n", "  - syrian-arab-army\n  - ahrar-al-sham\n"
    ),
    change(
        "event-actor-role",
        BROKEN,
        "  - actor: jaish-al-fath\n    role: initiator",
        "  - actor: jaish-al-fath\n    role: associate",
    ),
    change("event-fatalities", NIGHT, "summary: |", "fatalities: 12\nsummary: |"),
    change("event-fatalities-range", NIGHT, "fatalities: 12\n", "fatalities: {min: 12, max: 20}\n"),
    change("event-summary", CASTELLO, "sever the **Castello Road**", "cut the **Castello Road**"),
    change(
        "event-source-added",
        CASTELLO,
        "    credibility: 2\n",
        "    credibility: 2\n  - source: sohr\n    credibility: 3\n",
    ),
    change("event-citation-credibility", CASTELLO, "    credibility: 2\n", "    credibility: 1\n"),
    change(
        "event-citation-details",
        CASTELLO,
        "  - source: sohr\n",
        "  - source: sohr\n    url: https://www.syriahr.com/en/castello/\n"
        "    title: The Castello Road is cut\n    published: 2016-07-18\n"
        "    archive_url: https://web.archive.org/web/2016/https://www.syriahr.com/en/castello/\n",
    ),
    change(
        "event-citation-preserved",
        CASTELLO,
        "www.syriahr.com/en/castello/\n",
        "www.syriahr.com/en/castello/\n"
        "    captured: 2016-07-18T09:30:00+03:00\n    sha256: " + "ab" * 32 + "\n",
    ),
    change(
        "event-claim-added",
        CASTELLO,
        "assessment:\n",
        "claims:\n  - by: sana\n    stance: asserts\n    statement: The army secures the road.\n"
        "    source: sohr\n    date: 2016-07-17\nassessment:\n",
    ),
    change("event-claim-stance", BROKEN, "stance: confirms", "stance: asserts"),
    change(
        "event-claim-statement",
        BROKEN,
        "says the siege has been broken.\n",
        "says the siege is broken.\n",
    ),
    change("event-claim-figures", BROKEN, "killed: {min: 300}", "killed: {min: 300, max: 400}"),
    of_content("event-claim-dated-another-day", deny_on_another_day),
    change("event-assessment-grade", NIGHT, "grade: fair", "grade: weak"),
    change(
        "event-assessment-note",
        CASTELLO,
        "That the road was cut is not in doubt",
        "That the road was cut is certain",
    ),
    change(
        "event-tags",
        CASTELLO,
        "tags: [siege, castello-road]",
        "tags: [siege, castello-road, roads]",
    ),
    change(
        "event-related",
        CASTELLO,
        "  - 2016-07-31-offensive-to-break-siege\n",
        "  - 2016-07-31-offensive-to-break-siege\n"
        "  - 2016-08-06-fighting-continues-saturday-night\n",
    ),
    # A new, a renamed, a moved and a deleted event file.
    of_content("event-file-added", add_event),
    of_content("event-file-renamed", rename_event),
    move("event-file-moved", CASTELLO, CASTELLO_MOVED, shows=False),
    of_content("event-file-deleted", delete_event),
    # Actors.
    of_content("actor-name", rename_actor),
    change(
        "actor-names",
        "content/actors/syrian-arab-army.yaml",
        "{ar: الجيش العربي السوري}",
        "{ar: الجيش السوري}",
    ),
    change(
        "actor-aliases",
        "content/actors/jabhat-fateh-al-sham.yaml",
        "    until: 2016-07-28\n",
        "    until: 2016-08-06\n",
    ),
    change(
        "actor-member-of",
        "content/actors/ahrar-al-sham.yaml",
        "  - actor: jaish-al-fath\n",
        "  - actor: jaish-al-fath\n    until: 2016-08-06\n",
    ),
    change(
        "actor-side",
        "content/actors/russian-armed-forces.yaml",
        "side: government",
        "side: external",
    ),
    change(
        "actor-kind",
        "content/actors/jaish-al-fath.yaml",
        "kind: rebel-group",
        "kind: political-militia",
    ),
    change(
        "actor-description",
        "content/actors/russian-armed-forces.yaml",
        "Russia's military, intervening",
        "Russia's armed forces, intervening",
    ),
    write(
        "actor-file-added",
        "content/actors/local-council-east-aleppo.yaml",
        "name: Local council of eastern Aleppo\nkind: civilians\nside: civilian\n",
    ),
    # Places.
    change(
        "place-name",
        "content/places/castello-road.yaml",
        "name: Castello Road",
        "name: Castello road",
    ),
    change("place-names", "content/places/ramousah.yaml", "{ar: الراموسة}", "{ar: حي الراموسة}"),
    change(
        "place-lat-lon",
        "content/places/ramousah.yaml",
        "lat: 36.170\nlon: 37.145",
        "lat: 36.168\nlon: 37.148",
    ),
    change(
        "place-sensitive",
        "content/places/ramousah.yaml",
        "lat: 36.168\nlon: 37.148",
        "lat: 36.168\nlon: 37.148\nsensitive: true",
    ),
    change(
        "event-location-sensitive",
        NIGHT,
        "location: {name: Ramousah roundabout, lat: 36.168, lon: 37.141}\n",
        "location: {name: Ramousah roundabout, lat: 36.168, lon: 37.141, sensitive: true}\n",
    ),
    change(
        "place-parent",
        "content/places/ramousah-artillery-base.yaml",
        "parent: ramousah",
        "parent: aleppo",
    ),
    change("place-kind", "content/places/castello-road.yaml", "kind: road", "kind: site"),
    change(
        "place-admin",
        "content/places/damascus.yaml",
        "admin1: Damascus\n",
        "admin1: Damascus Governorate\n",
    ),
    # Sources.
    change(
        "source-name",
        "content/sources/sams.yaml",
        "name: Syrian American",
        "name: The Syrian American",
    ),
    change(
        "source-kind", "content/sources/us-state-department.yaml", "kind: government", "kind: other"
    ),
    change("source-reliability", "content/sources/sohr.yaml", "reliability: C", "reliability: B"),
    change(
        "source-url",
        "content/sources/reuters.yaml",
        "url: https://www.reuters.com/",
        "url: https://www.reuters.com/world/",
    ),
    change(
        "source-names", "content/sources/sana.yaml", "{ar: سانا (الوكالة", "{ar: سانا - (الوكالة"
    ),
    # Areas.
    change("area-name", CORRIDOR, "name: Ramousah corridor", "name: The Ramousah corridor"),
    change("area-status", CORRIDOR, "status: claimed", "status: assessed"),
    change("area-kind", CORRIDOR, "kind: corridor", "kind: control"),
    change(
        "area-held-by",
        "content/areas/castello-road-siege-line.yaml",
        "held_by: syrian-arab-army",
        "held_by: russian-armed-forces",
    ),
    change(
        "area-valid-dates",
        "content/areas/eastern-aleppo-besieged.yaml",
        "valid_until: 2016-08-06",
        "valid_until: 2016-08-07",
    ),
    change("area-geometry", CORRIDOR, "      - [37.146, 36.164]", "      - [37.147, 36.166]"),
    change(
        "area-geojson-file",
        "content/areas/eastern-aleppo-pocket.geojson",
        "[37.215, 36.200]",
        "[37.218, 36.201]",
    ),
    change(
        "area-description",
        "content/areas/western-aleppo-government-held.yaml",
        "The western half of the city",
        "The western part of the city",
    ),
    delete("area-file-deleted", CORRIDOR),
    # Indicators: a value the report's takeaways show, and one that a figure link reads.
    change(
        "indicator-value",
        "content/indicators/civilians-under-siege-eastern-aleppo.yaml",
        "value: 250000",
        "value: 275000",
    ),
    change(
        "analysis-takeaway-figure",
        REPORT,
        TAKEAWAY,
        f"{TAKEAWAY}- Strikes on medical facilities:\n"
        "  [[figure:strikes-on-medical-facilities-aleppo]].\n",
    ),
    change(
        "indicator-value-added",
        STRIKES,
        "\ntranslations:\n",
        "\n  - date: 2016-08-31\n    value: 21\n    source: {source: sams, credibility: 3}\n"
        "translations:\n",
    ),
    change(
        "indicator-unit",
        "content/indicators/doctors-remaining-aleppo.yaml",
        "unit: doctors",
        "unit: physicians",
    ),
    change(
        "indicator-citation",
        "content/indicators/people-needing-medical-evacuation.yaml",
        "      credibility: 3",
        "      credibility: 2",
    ),
    # Analyses: the body, the metadata, the report day.
    of_content("analysis-body", edit_analysis),
    change(
        "analysis-title",
        HUMANITARIAN,
        "Title: Eastern Aleppo under siege:",
        "Title: Eastern Aleppo besieged:",
    ),
    change("analysis-date", HUMANITARIAN, "Date: 2016-08-08", "Date: 2016-08-09"),
    change(
        "analysis-summary",
        REPORT,
        "Summary: On 6 August rebels",
        "Summary: On Saturday 6 August rebels",
    ),
    change(
        "analysis-events",
        HUMANITARIAN,
        "Events: 2016-07-17-siege-of-eastern-aleppo-begins, ",
        "Events: ",
    ),
    change("analysis-report-day", REPORT, "Report: 2016-08-06", "Report: 2016-08-05"),
    change(
        "linked-event-title-after-report-moved",
        CASTELLO_MOVED,
        "title: Government troops cut",
        "title: Government forces cut",
    ),
    change("analysis-translation-body", REPORT_AR, "## معركة الراموسة", "## المعركة على الراموسة"),
    move(
        "analysis-file-renamed", HUMANITARIAN, "content/analyses/humanitarian-situation-august.md"
    ),
    write(
        "analysis-file-added",
        "content/analyses/castello-road.md",
        "Title: The Castello Road\nDate: 2016-07-20\nSummary: Why one road mattered.\n\n"
        "The road was cut ([[event:2016-07-17-castello-road-cut]]).\n",
    ),
    # The theme and the settings.
    change(
        "theme-template",
        "theme/templates/base.html",
        '<footer class="site-footer">',
        '<footer class="site-footer" id="footer">',
    ),
    change(
        "theme-static-file", "theme/static/css/site.css", ".months li {", ".months li, .months p {"
    ),
    change(
        "theme-catalogue",
        CATALOGUE,
        'msgid "Search"\nmsgstr "بحث"',
        'msgid "Search"\nmsgstr "البحث"',
    ),
    setting("setting-sitename", SITENAME="Another desk"),
    setting("setting-timeline-pages", TIMELINE_PAGE_EVENTS=5),
    # Lists split by month and paged through (views/paging.py), and a sitemap of parts.
    setting("setting-list-pages", LIST_PAGE_EVENTS=2, CONTESTED_PAGE_EVENTS=1, SITEMAP_URLS=40),
    change(
        "event-moves-month-in-split-lists", NIGHT, "\ndate: 2016-08-06\n", "\ndate: 2016-07-30\n"
    ),
    Edit("event-added-to-split-lists", lambda desk: add_copy(desk, BROKEN, ADDED)),
    setting("setting-arabic-digits", ARABIC_DIGITS="latn"),
    setting("setting-sensitive-precision", SENSITIVE_PRECISION=0.25),
    # The basemap (views/basemap.py): a file every map reads.
    Edit("basemap-replaced", replace_basemap),
    setting("setting-no-basemap", BASEMAP=None),
]


@dataclass(frozen=True)
class Outcome:
    differences: str  # how the rebuild differs from the cold build ("" when it does not)
    shown: bool  # whether the cold build differs from the one before the edit
    kept: int  # files of the rebuild that are the very files of the build before
    files: int  # files of the rebuild


def in_processes(*works: Callable[[], object]) -> None:
    """Run each of `works` in a process of its own, all at the same time, as so many
    `sitrep build`s; a failure in any is raised here with its traceback."""
    children = []
    for work in works:
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: nothing of pytest's may run in it, hence os._exit
            os.close(reading)
            status = 1
            try:
                work()
                status = 0
            except BaseException:
                os.write(writing, traceback.format_exc().encode())
            finally:
                sys.stdout.flush()  # the build's log, captured with the case's output
                sys.stderr.flush()
                os._exit(status)
        os.close(writing)
        children.append((pid, reading))
    failures = []
    for pid, reading in children:
        with os.fdopen(reading, "rb") as pipe:
            said = pipe.read().decode()
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
            failures.append(said or "a build process died")
    if failures:
        raise RuntimeError("\n".join(failures))


def _inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


class Steps(Generic[Result]):
    """EDITS applied in order, each once, and what each gave (`apply`, of a subclass).
    Selecting one case (`-k`) applies the edits before it too."""

    def __init__(self) -> None:
        self.steps: Iterator[Edit] = iter(EDITS)
        self.done: dict[str, Result] = {}
        self.stopped: str | None = None

    def outcome(self, case: Edit) -> Result:
        """What `case` gave, after every edit before it."""
        while case.id not in self.done:
            if self.stopped is not None:
                raise RuntimeError(f"the chain stopped at {self.stopped}: see that case")
            step = next(self.steps)
            try:
                self.done[step.id] = self.apply(step)
            except BaseException:
                self.stopped = step.id
                raise
        return self.done[case.id]

    def apply(self, step: Edit) -> Result:
        raise NotImplementedError


class Chain(Steps[Outcome]):
    """EDITS applied in order to one desk, each rebuilt and compared with a cold build."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.desk = Desk(folder / "desk")
        self.site = folder / "rebuilt" / "output"
        # The first build runs in this process: the build processes forked after it start
        # with sitrep, Pelican and their data loaded, and spend their time building.
        self.desk.build(self.site)
        self.before = tree(self.site)  # the cold build of the desk as it is (the first was)
        self.removing: list[subprocess.Popen] = []

    def apply(self, step: Edit) -> Outcome:
        inodes = _inodes(self.site)
        step.make(self.desk)
        cold = self.folder / f"cold-{len(self.done)}" / "output"
        in_processes(partial(self.desk.build, self.site), partial(self.desk.build, cold))
        rebuilt, wanted = tree(self.site), tree(cold)
        after = _inodes(self.site)
        kept = sum(inodes.get(name) == inode for name, inode in after.items())
        outcome = Outcome(differences(rebuilt, wanted), wanted != self.before, kept, len(after))
        self.before = wanted
        # A stale rebuild is not built upon: the next edit starts from the cold build's folder
        # (its site, manifest and content cache), a right site that the store can keep.
        stale, self.site = (self.site, cold) if outcome.differences else (cold, self.site)
        self.remove(stale.parent)
        return outcome

    def remove(self, folder: Path) -> None:
        """Remove `folder` while the chain goes on: removing a site's hundreds of folders
        takes this disk a second or more, spent waiting, not computing."""
        self.removing.append(subprocess.Popen(["rm", "-rf", "--", str(folder)]))

    def close(self) -> None:
        self.remove(self.site.parent)
        for removing in self.removing:
            removing.wait()


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Iterator[Chain]:
    chain = Chain(tmp_path_factory.mktemp("incremental"))
    yield chain
    chain.close()


@pytest.mark.parametrize("case", EDITS, ids=[case.id for case in EDITS])
def test_a_rebuild_after_the_edit_is_the_cold_build(chain, case):
    outcome = chain.outcome(case)
    if outcome.differences:
        pytest.fail(
            f"after {case.id}, the rebuild (which kept {outcome.kept} of its {outcome.files} "
            f"files from the build before) is not the cold build:\n{outcome.differences}",
            pytrace=False,
        )
    if case.shows:
        assert outcome.shown, f"{case.id} changes nothing on the built site: it proves nothing"
    else:
        assert not outcome.shown, f"{case.id} should leave the built site as it was"


def test_every_case_has_its_own_id():
    assert len({case.id for case in EDITS}) == len(EDITS)
