"""The controlled vocabularies of the format (ACLED, Admiralty, Airwars), with their labels.

Declared once here: the schema validates against these lists, the site shows the labels.
Labels are English message ids wrapped in `N_()`, so that the catalogue extractor finds
them; pages translate them when they show them (`present.vocabularies`).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a label for the message catalogue (gettext's name for it); it is translated
    where it is shown."""
    return message


# ACLED event types and sub-event types, as slugs, with ACLED's own wording.
EVENT_TYPES: dict[str, str] = {
    "battles": N_("Battles"),
    "explosions-remote-violence": N_("Explosions/Remote violence"),
    "violence-against-civilians": N_("Violence against civilians"),
    "protests": N_("Protests"),
    "riots": N_("Riots"),
    "strategic-developments": N_("Strategic developments"),
}

SUBTYPES: dict[str, dict[str, str]] = {
    "battles": {
        "armed-clash": N_("Armed clash"),
        "government-regains-territory": N_("Government regains territory"),
        "non-state-actor-overtakes-territory": N_("Non-state actor overtakes territory"),
    },
    "explosions-remote-violence": {
        "chemical-weapon": N_("Chemical weapon"),
        "air-drone-strike": N_("Air/drone strike"),
        "suicide-bomb": N_("Suicide bomb"),
        "shelling-artillery-missile-attack": N_("Shelling/artillery/missile attack"),
        "remote-explosive-landmine-ied": N_("Remote explosive/landmine/IED"),
        "grenade": N_("Grenade"),
    },
    "violence-against-civilians": {
        "sexual-violence": N_("Sexual violence"),
        "attack": N_("Attack"),
        "abduction-forced-disappearance": N_("Abduction/forced disappearance"),
    },
    "protests": {
        "peaceful-protest": N_("Peaceful protest"),
        "protest-with-intervention": N_("Protest with intervention"),
        "excessive-force-against-protesters": N_("Excessive force against protesters"),
    },
    "riots": {
        "violent-demonstration": N_("Violent demonstration"),
        "mob-violence": N_("Mob violence"),
    },
    "strategic-developments": {
        "agreement": N_("Agreement"),
        "arrests": N_("Arrests"),
        "change-to-group-activity": N_("Change to group/activity"),
        "disrupted-weapons-use": N_("Disrupted weapons use"),
        "headquarters-or-base-established": N_("Headquarters or base established"),
        "looting-property-destruction": N_("Looting/property destruction"),
        "non-violent-transfer-of-territory": N_("Non-violent transfer of territory"),
        "other": N_("Other"),
    },
}

ACTOR_KINDS: dict[str, str] = {
    "state-forces": N_("State forces"),
    "rebel-group": N_("Rebel group"),
    "political-militia": N_("Political militia"),
    "identity-militia": N_("Identity militia"),
    "rioters": N_("Rioters"),
    "protesters": N_("Protesters"),
    "civilians": N_("Civilians"),
    "external-forces": N_("External/other forces"),
}

ACTOR_ROLES = ("initiator", "target", "associate")
ROLE_NAMES: dict[str, str] = {
    "initiator": N_("initiator"),
    "target": N_("target"),
    "associate": N_("associate"),
}

PLACE_KINDS = ("city", "district", "site", "road", "region")
# A place's kind as the kicker of its page; "Place" when it has none.
PLACE_KIND_NAMES: dict[str, str] = {
    "city": N_("City"),
    "district": N_("District"),
    "site": N_("Site"),
    "road": N_("Road"),
    "region": N_("Region"),
    "": N_("Place"),
}

SOURCE_KINDS: dict[str, str] = {
    "news-agency": N_("News agency"),
    "state-media": N_("State media"),
    "monitor": N_("Monitoring group"),
    "ngo": N_("Non-governmental organisation"),
    "government": N_("Government"),
    "belligerent": N_("Party to the conflict"),
    "social-media": N_("Social media"),
    "other": N_("Other"),
}

DATE_PRECISIONS = ("day", "week", "month")
GEO_PRECISIONS = ("exact", "near", "region")
# "(date known to the week)": the note beside an approximate date.
DATE_PRECISION_NOTES: dict[str, str] = {
    "day": N_("date known to the day"),
    "week": N_("date known to the week"),
    "month": N_("date known to the month"),
}

STANCES: dict[str, str] = {
    "asserts": N_("Asserts"),
    "confirms": N_("Confirms"),
    "disputes": N_("Disputes"),
    "denies": N_("Denies"),
}
# The stance as a verb after the claimant's name: "State TV denies".
STANCE_VERBS: dict[str, str] = {
    "asserts": N_("asserts"),
    "confirms": N_("confirms"),
    "disputes": N_("disputes"),
    "denies": N_("denies"),
}

# Airwars' grading of civilian-harm claims, used for the desk's verdict on every event.
GRADES: dict[str, str] = {
    "confirmed": N_(
        "The desk is sure: the event is acknowledged by the party responsible, or "
        "established beyond reasonable doubt by independent sources."
    ),
    "fair": N_(
        "Reported by two or more credible sources, with supporting evidence such as images "
        "or named witnesses, and not credibly denied."
    ),
    "weak": N_(
        "A single source, or sources that give little detail: plausible but not established."
    ),
    "contested": N_(
        "Credible sources disagree: one party asserts the event and another denies or disputes it."
    ),
    "discounted": N_("The desk judges the report wrong: the event did not happen as reported."),
}

# How each grade is named on pages (the slug, capitalised, in English).
GRADE_NAMES: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "fair": N_("Fair"),
    "weak": N_("Weak"),
    "contested": N_("Contested"),
    "discounted": N_("Discounted"),
}

# NATO Admiralty code: source reliability (letter) and information credibility (digit).
RELIABILITY: dict[str, str] = {
    "A": N_("Completely reliable"),
    "B": N_("Usually reliable"),
    "C": N_("Fairly reliable"),
    "D": N_("Not usually reliable"),
    "E": N_("Unreliable"),
    "F": N_("Reliability cannot be judged"),
}

CREDIBILITY: dict[int, str] = {
    1: N_("Confirmed by other sources"),
    2: N_("Probably true"),
    3: N_("Possibly true"),
    4: N_("Doubtful"),
    5: N_("Improbable"),
    6: N_("Truth cannot be judged"),
}

# The fields of the format as the record of changes names them ("grade: weak → contested").
FIELD_NAMES: dict[str, str] = {
    name: name
    for name in (
        N_("id"), N_("title"), N_("date"), N_("end_date"), N_("date_precision"), N_("type"),
        N_("subtype"), N_("place"), N_("location"), N_("geo_precision"), N_("actors"),
        N_("fatalities"), N_("summary"), N_("sources"), N_("claims"), N_("grade"),
        N_("assessment note"), N_("tags"), N_("related"), N_("translations"), N_("name"),
        N_("names"), N_("kind"), N_("aliases"), N_("member_of"), N_("side"),
        N_("description"), N_("lat"), N_("lon"), N_("country"), N_("admin1"), N_("admin2"),
        N_("parent"), N_("reliability"), N_("url"), N_("language"), N_("unit"),
        N_("values"), N_("sensitive"),
    )
}  # fmt: skip

# What kind of entry a change is about, on /changes/.
CHANGE_KINDS: dict[str, str] = {
    "events": N_("Event"),
    "indicators": N_("Figure"),
    "actors": N_("Actor"),
    "places": N_("Place"),
    "sources": N_("Source"),
    "areas": N_("Area"),
    "analyses": N_("Analysis"),
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
    "control": N_("Areas of control"),
    "siege": N_("Sieges"),
    "frontline": N_("Front lines"),
    "corridor": N_("Corridors"),
}
AREA_KIND_SINGULAR: dict[str, str] = {
    "control": N_("Area of control"),
    "siege": N_("Siege"),
    "frontline": N_("Front line"),
    "corridor": N_("Corridor"),
}
AREA_STATUSES: dict[str, str] = {
    "assessed": N_("Assessed by the desk"),
    "claimed": N_("Claimed by a party, not established"),
}
