"""Seeded synthetic content for benchmarks: N realistic events plus the actors, places,
sources, areas, indicators and analyses (one per 50 events) they refer to, written as a
sitrep content folder.

The same seed and N always give the same files. Events look like a conflict monitor's:
most happen in a few towns, types and precisions follow ACLED-like proportions, titles
and ids are built from a shared vocabulary (as real reports repeat names of places and
actors), and every file validates.

    python bench/synth.py 10000 /tmp/synthetic/content [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

SUBTYPES = {
    "battles": ["armed-clash", "government-regains-territory",
                "non-state-actor-overtakes-territory"],
    "explosions-remote-violence": ["air-drone-strike", "shelling-artillery-missile-attack",
                                   "remote-explosive-landmine-ied", "suicide-bomb"],
    "violence-against-civilians": ["attack", "abduction-forced-disappearance"],
    "protests": ["peaceful-protest", "protest-with-intervention"],
    "riots": ["violent-demonstration", "mob-violence"],
    "strategic-developments": ["agreement", "arrests", "change-to-group-activity",
                               "looting-property-destruction", "other"],
}  # fmt: skip
TYPE_WEIGHTS = {
    "battles": 35,
    "explosions-remote-violence": 35,
    "violence-against-civilians": 12,
    "protests": 8,
    "riots": 3,
    "strategic-developments": 7,
}
VERBS = {
    "battles": ["clash with", "attack positions of", "repel an assault by", "advance against"],
    "explosions-remote-violence": ["shell", "strike", "bomb", "fire rockets at"],
    "violence-against-civilians": ["kill civilians fleeing", "detain residents of",
                                   "attack a convoy of"],
    "protests": ["protest against", "demonstrate against", "march against"],
    "riots": ["riot against", "storm offices of"],
    "strategic-developments": ["agree a truce with", "arrest members of", "hand over positions to"],
}  # fmt: skip
OBJECTS = ["positions", "a checkpoint", "the market", "a hospital", "the outskirts",
           "the old quarter", "an army base", "farmland", "the main road", "a school"]  # fmt: skip
PREFIXES = ["Tal", "Kafr", "Deir", "Ain", "Jisr", "Khan", "Maarat", "Bab", "Ras", "Qasr",
            "Beit", "Suq", "Tell", "Umm", "Abu"]  # fmt: skip
ROOTS = ["Hamra", "Sabah", "Nour", "Zeit", "Hajar", "Asal", "Jabal", "Rumman", "Tin",
         "Shams", "Qamar", "Wadi", "Milh", "Bayda", "Karm", "Nahr", "Sahl", "Burj"]  # fmt: skip
SUFFIXES = ["", "", "", " al-Sharqi", " al-Gharbi", " al-Kabir", " al-Saghir"]
SIDES = ["government", "opposition", "kurdish", "jihadist"]
ACTORS = [
    ("state-forces", "government", "Syrian Arab Army"),
    ("state-forces", "government", "National Defence Forces"),
    ("state-forces", "government", "Republican Guard"),
    ("external-forces", "government", "Russian armed forces"),
    ("external-forces", "government", "Iranian advisers"),
    ("external-forces", "opposition", "Turkish armed forces"),
    ("rebel-group", "opposition", "Free Syrian Army"),
    ("rebel-group", "opposition", "Ahrar al-Sham"),
    ("rebel-group", "opposition", "Jaish al-Islam"),
    ("rebel-group", "opposition", "Faylaq al-Sham"),
    ("rebel-group", "opposition", "Nour al-Din al-Zenki"),
    ("rebel-group", "jihadist", "Jabhat Fateh al-Sham"),
    ("rebel-group", "jihadist", "Islamic State"),
    ("rebel-group", "kurdish", "People's Protection Units"),
    ("political-militia", "kurdish", "Syrian Democratic Forces"),
    ("political-militia", "government", "Liwa al-Quds"),
    ("identity-militia", "opposition", "Tribal fighters"),
    ("civilians", "civilian", "Civilians"),
    ("protesters", "civilian", "Protesters"),
    ("rioters", "civilian", "Rioters"),
]
SOURCES = [
    ("reuters", "Reuters", "news-agency", "B"), ("afp", "Agence France-Presse", "news-agency", "B"),
    ("ap", "Associated Press", "news-agency", "B"), ("sana", "SANA", "state-media", "D"),
    ("sohr", "Syrian Observatory for Human Rights", "monitor", "C"),
    ("snhr", "Syrian Network for Human Rights", "monitor", "C"),
    ("airwars", "Airwars", "ngo", "B"), ("msf", "Doctors Without Borders", "ngo", "B"),
    ("sams", "Syrian American Medical Society", "ngo", "C"),
    ("us-dod", "US Department of Defense", "government", "C"),
    ("ru-mod", "Russian Ministry of Defence", "government", "D"),
    ("amaq", "Amaq", "belligerent", "E"), ("smart", "SMART News", "news-agency", "C"),
    ("local-activists", "Local activists", "social-media", "F"),
    ("enab-baladi", "Enab Baladi", "news-agency", "C"),
]  # fmt: skip
GRADES = [("confirmed", 15), ("fair", 30), ("weak", 35), ("contested", 15), ("discounted", 5)]
START = date(2015, 1, 1)
DAYS = 730
ANALYSIS_EVERY = 50  # events per analysis
INDICATORS = [
    ("civilians-besieged", "Civilians under siege", "people", 250000),
    ("people-displaced", "People displaced this month", "people", 40000),
    ("hospitals-functioning", "Hospitals still functioning", "hospitals", 30),
    ("doctors-remaining", "Doctors remaining", "doctors", 120),
    ("strikes-on-medical-facilities", "Strikes on medical facilities, by month", "strikes", 15),
    ("aid-convoys-admitted", "Aid convoys admitted, by month", "convoys", 6),
    ("bread-price", "Price of a bundle of bread", "Syrian pounds", 150),
    ("schools-closed", "Schools closed", "schools", 400),
]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid ones)."""
    return json.dumps(text, ensure_ascii=False)


def pick(rng: random.Random, weighted: dict | list) -> str:
    items = list(weighted.items()) if isinstance(weighted, dict) else weighted
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


class World:
    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.n = n
        self.places = self._places(max(40, n // 50))
        self.cumulative = list(itertools.accumulate(p["weight"] for p in self.places))
        self.actors = [(slug(name), kind, side, name) for kind, side, name in ACTORS]

    def _place_name(self, used: set[str]) -> str:
        rng, tries = self.rng, 0
        while True:
            name = f"{rng.choice(PREFIXES)} {rng.choice(ROOTS)}{rng.choice(SUFFIXES)}"
            if tries > 50:  # the 1,350 simple names are nearly all taken (large sites)
                name = f"{name.split()[0]} {rng.choice(ROOTS)} {name.split(maxsplit=1)[1]}"
            if name not in used:
                used.add(name)
                return name
            tries += 1

    def _places(self, count: int) -> list[dict]:
        rng, used = self.rng, set()
        towns = []
        for _ in range(max(8, count // 12)):
            lat, lon = rng.uniform(34.6, 36.9), rng.uniform(36.2, 40.8)
            towns.append({"name": self._place_name(used), "kind": "city", "lat": lat, "lon": lon})
        places = list(towns)
        while len(places) < count:
            town = rng.choice(towns)
            kind = pick(rng, {"district": 4, "site": 4, "road": 1, "region": 1})
            spread = 0.3 if kind == "region" else 0.06
            lat, lon = town["lat"] + rng.gauss(0, spread), town["lon"] + rng.gauss(0, spread)
            places.append({"name": self._place_name(used), "kind": kind,
                           "parent": slug(town["name"]), "lat": lat, "lon": lon})  # fmt: skip
        for i, place in enumerate(places):
            place["id"] = slug(place["name"])
            place["weight"] = 1 / (i + 1) ** 0.9  # a few places see most of the fighting
        return places

    def event(self, i: int, used: set[str]) -> tuple[str, str]:
        rng = self.rng
        day = START + timedelta(days=int(DAYS * math.sqrt(rng.random())))  # more events later
        kind = pick(rng, TYPE_WEIGHTS)
        place = rng.choices(self.places, cum_weights=self.cumulative)[0]
        first, second = rng.sample(self.actors, 2)
        verb = rng.choice(VERBS[kind])
        title = f"{first[3]} {verb} {second[3]} at {rng.choice(OBJECTS)} in {place['name']}"
        # Desks write short ids, like the demo's 2016-08-06-siege-declared-broken.
        words = "-".join([*first[0].split("-")[:2], slug(verb).split("-")[0], place["id"]])
        base = f"{day.isoformat()}-{words}"
        event_id, k = base, 2
        while event_id in used:
            event_id, k = f"{base}-{k}", k + 1
        used.add(event_id)
        lines = [f"title: {q(title)}", f"date: {day.isoformat()}"]
        precision = pick(rng, {"day": 88, "week": 8, "month": 4})
        if precision != "day":
            lines.append(f"date_precision: {precision}")
        lines += [
            f"type: {kind}",
            f"subtype: {rng.choice(SUBTYPES[kind])}",
            f"place: {place['id']}",
        ]
        geo = pick(rng, {"exact": 60, "near": 30, "region": 10})
        if geo != "exact":
            lines.append(f"geo_precision: {geo}")
        lines += ["actors:", f"  - actor: {first[0]}", "    role: initiator",
                  f"  - actor: {second[0]}", "    role: target"]  # fmt: skip
        if rng.random() < 0.5:
            low = rng.randint(0, 20)
            lines.append(f"fatalities: {{min: {low}, max: {low + rng.randint(0, 30)}}}")
        lines += [
            "summary: |",
            f"  {first[3]} and {second[3]} fought near {place['name']}. Reports differ on the",
            f"  number of casualties; the desk counts {rng.randint(2, 5)} independent accounts.",
            "sources:",
        ]
        cited = rng.sample(SOURCES, rng.randint(1, 3))
        for source in cited:
            lines += [f"  - source: {source[0]}", f"    credibility: {rng.randint(1, 6)}"]
        if rng.random() < 0.2:
            lines += ["claims:", f"  - by: {first[0]}", "    stance: asserts",
                      "    statement: " + q(first[3] + " says it took " + place["name"] + "."),
                      f"    source: {cited[0][0]}"]  # fmt: skip
        if rng.random() < 0.85:
            lines += ["assessment:", f"  grade: {pick(rng, GRADES)}"]
        return event_id, "\n".join(lines) + "\n"

    def area(self, i: int) -> tuple[str, str]:
        rng = self.rng
        town = self.places[i % 8]
        kind = ["control", "control", "control", "siege", "control", "corridor", "frontline",
                "control"][i % 8]  # fmt: skip
        holder = rng.choice([a for a in self.actors if a[2] in SIDES])
        start = START + timedelta(days=rng.randint(0, DAYS // 2))
        lines = ["name: " + q(f"{town['name']} {kind} {i}"), f"kind: {kind}",
                 f"held_by: {holder[0]}", f"status: {'claimed' if i % 5 == 4 else 'assessed'}",
                 f"valid_from: {start.isoformat()}"]  # fmt: skip
        if i % 3 == 0:
            lines.append(
                f"valid_until: {(start + timedelta(days=rng.randint(30, 300))).isoformat()}"
            )
        lines += ["geometry:"]
        if kind == "frontline":
            points = [(town["lon"] - 0.3 + 0.05 * k, town["lat"] + rng.uniform(-0.05, 0.05))
                      for k in range(13)]  # fmt: skip
            lines += ["  type: LineString", "  coordinates:"]
            lines += [f"    - [{x:.5f}, {y:.5f}]" for x, y in points]
        else:
            radius = 0.04 if kind == "corridor" else rng.uniform(0.05, 0.25)
            ring = []
            for k in range(24):
                angle = 2 * math.pi * k / 24
                r = radius * rng.uniform(0.75, 1.2)
                ring.append((town["lon"] + r * math.cos(angle), town["lat"] + r * math.sin(angle)))
            ring.append(ring[0])
            lines += ["  type: Polygon", "  coordinates:", "    -"]
            lines += [f"      - [{x:.5f}, {y:.5f}]" for x, y in ring]
        return slug(f"{town['name']}-{kind}-{i}"), "\n".join(lines) + "\n"

    def indicators(self) -> list[tuple[str, str]]:
        """Humanitarian figures, one value per month over the whole period."""
        rng, files = self.rng, []
        for indicator_id, title, unit, level in INDICATORS:
            place = self.places[rng.randrange(8)]
            lines = [f"title: {q(title)}", f"unit: {q(unit)}", f"place: {place['id']}",
                     "description: |", f"  {title} in and around {place['name']}, as counted",
                     "  by the sources cited with each value.", "values:"]  # fmt: skip
            value = level
            for month in range(DAYS // 30):
                day = START + timedelta(days=30 * month + 29)
                value = max(0, round(value * rng.uniform(0.85, 1.15)))
                source = rng.choice(SOURCES)
                lines += [f"  - date: {day.isoformat()}", f"    value: {value}", "    source:",
                          f"      source: {source[0]}",
                          f"      credibility: {rng.randint(2, 4)}"]  # fmt: skip
            files.append((indicator_id, "\n".join(lines) + "\n"))
        return files

    def analysis(self, i: int, ids: list[str], reported: set[str]) -> str:
        """A desk's analysis of some 600 words: metadata naming the events, places and
        actors it covers, sections citing events, sources and figures by `[[kind:id]]`."""
        rng = self.rng
        cited = sorted(rng.sample(ids, min(8, len(ids))))
        day = max(c[:10] for c in cited)
        places = sorted({p["id"] for p in rng.sample(self.places, 4)})
        actors = sorted({a[0] for a in rng.sample(self.actors, 4)})
        head = [f"Title: {rng.choice(['Weekly', 'Situation', 'Front-line'])} analysis {i}",
                f"Date: {day}", "Summary: What the week's reports say, which of them agree,",
                f"Events: {', '.join(cited)}", f"Places: {', '.join(places)}",
                f"Actors: {', '.join(actors)}"]  # fmt: skip
        head[2] += " and what the desk cannot yet establish."
        if day not in reported and i % 4 == 0:  # every fourth one is that day's report
            reported.add(day)
            head.append(f"Report: {day}")
        body = ["## Key takeaways", ""]
        for event_id in cited[:4]:
            source = rng.choice(SOURCES)[0]
            body.append(f"- [[source:{source}]] reports fighting ([[event:{event_id}]]); the desk "
                        "has a second account but no image or named witness yet.")  # fmt: skip
        for title in ("What happened", "Who says what", "What it means"):
            body += ["", f"## {title}"]
            for _ in range(3):
                place, actor = rng.choice(places), rng.choice(actors)
                event_id = rng.choice(cited)
                indicator = rng.choice(INDICATORS)[0]
                body += [
                    "",
                    f"Around [[place:{place}]], [[actor:{actor}]] was named in reports that "
                    f"the desk weighs against each other ([[event:{event_id}]]). Accounts "
                    "differ on who fired first and on the toll; the monitors count more "
                    "dead than the wires, and state media count fewer. Meanwhile "
                    f"[[figure:{indicator}]] is the latest figure the desk holds for the "
                    "area, from a single source it cannot yet check, so the number is read "
                    "as an order of magnitude rather than a count.",
                ]
        return "\n".join(head) + "\n\n" + "\n".join(body) + "\n"


def write(n: int, content: Path, seed: int = 1) -> Path:
    """Write the synthetic content folder (replacing it) and return it."""
    world = World(n, seed)
    shutil.rmtree(content, ignore_errors=True)
    for folder in ("events", "actors", "places", "sources", "areas", "indicators", "analyses"):
        (content / folder).mkdir(parents=True)
    for actor_id, kind, side, name in world.actors:
        (content / "actors" / f"{actor_id}.yaml").write_text(
            f"name: {q(name)}\nkind: {kind}\nside: {side}\n", encoding="utf-8"
        )
    for source_id, name, kind, reliability in SOURCES:
        (content / "sources" / f"{source_id}.yaml").write_text(
            f"name: {q(name)}\nkind: {kind}\nreliability: {reliability}\n", encoding="utf-8"
        )
    for place in world.places:
        text = (f"name: {q(place['name'])}\nkind: {place['kind']}\nlat: {place['lat']:.5f}\n"
                f"lon: {place['lon']:.5f}\ncountry: SYR\n")  # fmt: skip
        if place.get("parent"):
            text += f"parent: {place['parent']}\n"
        (content / "places" / f"{place['id']}.yaml").write_text(text, encoding="utf-8")
    used: set[str] = set()
    ids = []
    for i in range(n):
        event_id, text = world.event(i, used)
        folder = content / "events" / event_id[:4] / event_id[5:7]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{event_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(event_id)
    for i in range(16):
        area_id, text = world.area(i)
        (content / "areas" / f"{area_id}.yaml").write_text(text, encoding="utf-8")
    for indicator_id, text in world.indicators():
        (content / "indicators" / f"{indicator_id}.yaml").write_text(text, encoding="utf-8")
    # About one analysis per 50 events (200 at 10,000), each a weekly or daily report.
    reported: set[str] = set()
    for i in range(max(2, n // ANALYSIS_EVERY)):
        (content / "analyses" / f"analysis-{i}.md").write_text(
            world.analysis(i, ids, reported), encoding="utf-8"
        )
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=int)
    parser.add_argument("content", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.events, args.content, args.seed)
    print(f"Wrote {args.events} events into {args.content}")


if __name__ == "__main__":
    main()
