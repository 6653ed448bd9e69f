"""The controlled vocabularies of the format (ACLED, Admiralty, Airwars), with their labels.

Declared once here: the schema validates against these lists, the site shows the labels.
"""

from __future__ import annotations

# ACLED event types and sub-event types, as slugs, with ACLED's own wording.
EVENT_TYPES: dict[str, str] = {
    "battles": "Battles",
    "explosions-remote-violence": "Explosions/Remote violence",
    "violence-against-civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic-developments": "Strategic developments",
}

SUBTYPES: dict[str, dict[str, str]] = {
    "battles": {
        "armed-clash": "Armed clash",
        "government-regains-territory": "Government regains territory",
        "non-state-actor-overtakes-territory": "Non-state actor overtakes territory",
    },
    "explosions-remote-violence": {
        "chemical-weapon": "Chemical weapon",
        "air-drone-strike": "Air/drone strike",
        "suicide-bomb": "Suicide bomb",
        "shelling-artillery-missile-attack": "Shelling/artillery/missile attack",
        "remote-explosive-landmine-ied": "Remote explosive/landmine/IED",
        "grenade": "Grenade",
    },
    "violence-against-civilians": {
        "sexual-violence": "Sexual violence",
        "attack": "Attack",
        "abduction-forced-disappearance": "Abduction/forced disappearance",
    },
    "protests": {
        "peaceful-protest": "Peaceful protest",
        "protest-with-intervention": "Protest with intervention",
        "excessive-force-against-protesters": "Excessive force against protesters",
    },
    "riots": {
        "violent-demonstration": "Violent demonstration",
        "mob-violence": "Mob violence",
    },
    "strategic-developments": {
        "agreement": "Agreement",
        "arrests": "Arrests",
        "change-to-group-activity": "Change to group/activity",
        "disrupted-weapons-use": "Disrupted weapons use",
        "headquarters-or-base-established": "Headquarters or base established",
        "looting-property-destruction": "Looting/property destruction",
        "non-violent-transfer-of-territory": "Non-violent transfer of territory",
        "other": "Other",
    },
}

ACTOR_KINDS: dict[str, str] = {
    "state-forces": "State forces",
    "rebel-group": "Rebel group",
    "political-militia": "Political militia",
    "identity-militia": "Identity militia",
    "rioters": "Rioters",
    "protesters": "Protesters",
    "civilians": "Civilians",
    "external-forces": "External/other forces",
}

ACTOR_ROLES = ("initiator", "target", "associate")

PLACE_KINDS = ("city", "district", "site", "road", "region")

SOURCE_KINDS: dict[str, str] = {
    "news-agency": "News agency",
    "state-media": "State media",
    "monitor": "Monitoring group",
    "ngo": "Non-governmental organisation",
    "government": "Government",
    "belligerent": "Party to the conflict",
    "social-media": "Social media",
    "other": "Other",
}

DATE_PRECISIONS = ("day", "week", "month")
GEO_PRECISIONS = ("exact", "near", "region")

STANCES: dict[str, str] = {
    "asserts": "Asserts",
    "confirms": "Confirms",
    "disputes": "Disputes",
    "denies": "Denies",
}

# Airwars' grading of civilian-harm claims, used for the desk's verdict on every event.
GRADES: dict[str, str] = {
    "confirmed": "The desk is sure: the event is acknowledged by the party responsible, or "
    "established beyond reasonable doubt by independent sources.",
    "fair": "Reported by two or more credible sources, with supporting evidence such as images "
    "or named witnesses, and not credibly denied.",
    "weak": "A single source, or sources that give little detail: plausible but not established.",
    "contested": "Credible sources disagree: one party asserts the event and another denies or "
    "disputes it.",
    "discounted": "The desk judges the report wrong: the event did not happen as reported.",
}

# NATO Admiralty code: source reliability (letter) and information credibility (digit).
RELIABILITY: dict[str, str] = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}

CREDIBILITY: dict[int, str] = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}

# ACLED's numeric codes, used in the CSV export so that ACLED tools read it.
ACLED_INTER: dict[str, int] = {
    "state-forces": 1,
    "rebel-group": 2,
    "political-militia": 3,
    "identity-militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external-forces": 8,
}
TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3}
GEO_PRECISION: dict[str, int] = {"exact": 1, "near": 2, "region": 3}

# Areas: what kind of ground an area file draws, and how sure the desk is of it.
AREA_KINDS: dict[str, str] = {
    "control": "Areas of control",
    "siege": "Sieges",
    "frontline": "Front lines",
    "corridor": "Corridors",
}
AREA_KIND_SINGULAR: dict[str, str] = {
    "control": "Area of control",
    "siege": "Siege",
    "frontline": "Front line",
    "corridor": "Corridor",
}
AREA_STATUSES: dict[str, str] = {
    "assessed": "Assessed by the desk",
    "claimed": "Claimed by a party, not established",
}
