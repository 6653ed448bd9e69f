"""What a page tells machines about itself: schema.org JSON-LD (NewsArticle for analyses,
Event for events, Dataset for /data/, WebSite for the home page) and absolute addresses for
OpenGraph cards. Called from the `meta` macro of templates/partials/chrome.html, once per page.

Each function reads the page's template context, so that pages written by Pelican
(analyses) and by sitrep's generators are described the same way.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from ..content import vocabulary as voc
from ..content.schema import singular
from ..content.translated import tr_text
from ..urls import FEED_KINDS, absolute_base, feed_path, item_path
from .records import country, iso, plain_text, where

# json.dumps with options builds a new encoder for each call: one, made once.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def script_json(data: dict[str, Any]) -> Markup:
    """JSON that is safe inside <script>: no '</script>' or '<!--' can close it early."""
    text = _COMPACT.encode(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@pass_context
def absolute_url(ctx, path: str = "") -> str:
    return f"{absolute_base(ctx)}/{str(path).strip().lstrip('/')}"


def _organization(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _in(language, item, field: str) -> str | None:
    """The field's text in the page's language when the item gives it, else None."""
    if language is None or language.main:
        return None
    found = item.translated(field, language.code)
    return str(found) if found else None


def event_data(ctx, event, language=None) -> dict[str, Any]:
    """An event as schema.org says it, in the page's language when the event is translated
    into it (`inLanguage` says which). Performers are the actors who carried it out (role
    `initiator`); its targets (civilians, say) performed nothing and are left out."""
    site, base = ctx["sitrep"], absolute_base(ctx)
    at = where(site, event)
    title = _in(language, event, "title")
    code = language.code if title is not None else (ctx.get("DEFAULT_LANG") or "en")
    gettext = language.gettext if title is not None else str
    place_item = site.places.get(event.place) if event.place else event.location
    place: dict[str, Any] = {
        "@type": "Place",
        "name": (_in(language, place_item, "name") if title and place_item else None) or at.name,
        "geo": {"@type": "GeoCoordinates", "latitude": at.lat, "longitude": at.lon},
    }
    nation = country(at.country)
    if nation or at.admin1:
        place["address"] = {"@type": "PostalAddress"}
        if nation:
            # schema.org and ISO 3166-1 alpha-2 ('SY'); the content keeps alpha-3 (ACLED's).
            place["address"]["addressCountry"] = _alpha2(nation.alpha3)
        if at.admin1:
            place["address"]["addressRegion"] = at.admin1
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title or event.title,
        "url": f"{base}/{item_path('events', event.id)}",
        "startDate": iso(event.date),
        "location": place,
        "description": (plain_text(_in(language, event, "summary")) if title else None)
        or plain_text(event.summary)
        or ctx.get("description")
        or event.title,
        "keywords": [gettext(voc.EVENT_TYPES[event.type]), *event.tags],
        "inLanguage": code,
    }
    if event.end_date:
        data["endDate"] = iso(event.end_date)
    performers = []
    for ref in event.actors:
        if ref.role != "initiator":
            continue
        actor = site.actors[ref.actor]
        named = actor.alias_on(event.day) or actor
        name = (_in(language, named, "name") if title else None) or actor.name_on(event.day)
        performers.append(_organization(name))
    if performers:
        data["performer"] = performers
    return data


def _alpha2(alpha3: str) -> str:
    import pycountry  # imported late, as in records.country

    found = pycountry.countries.get(alpha_3=alpha3)
    return found.alpha_2 if found is not None else alpha3


def analysis_data(ctx, article) -> dict[str, Any]:
    base = absolute_base(ctx)
    publisher = _organization(ctx["SITENAME"])
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": f"{base}/{article.url}",
        "mainEntityOfPage": f"{base}/{article.url}",
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "author": [_organization(str(author)) for author in getattr(article, "authors", [])]
        or [_organization(ctx.get("AUTHOR") or ctx["SITENAME"])],
        "publisher": publisher,
        "description": Markup(article.summary or "").striptags(),
    }
    cited = getattr(article, "cited_events", [])
    if cited:
        data["mentions"] = [
            {"@type": "Event", "name": e.title, "url": f"{base}/{item_path('events', e.id)}"}
            for e in cited
        ]
    return data


def dataset_data(ctx, language=None) -> dict[str, Any]:
    base = absolute_base(ctx)
    _ = language.gettext if language is not None else str
    described = _(
        "Every event on record, each with its date, place, actors, fatalities, the sources "
        "that report it with their Admiralty grades, the claims made about it and the desk's "
        "assessment."
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("%(site)s: events") % {"site": ctx["SITENAME"]},
        "description": f"{described} {ctx.get('SITE_DESCRIPTION') or ''}".strip(),
        "url": f"{base}/data/",
        "creator": _organization(ctx.get("AUTHOR") or ctx["SITENAME"]),
        "isAccessibleForFree": True,
        "keywords": ["ACLED", "HXL", *(_(label) for label in voc.EVENT_TYPES.values())],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": f"{base}/{path}"}
            for path, fmt in (
                ("data/events.csv", "text/csv"),
                ("data/events.geojson", "application/geo+json"),
                ("data/events.json", "application/json"),
            )
        ],
    }
    # From the page's variables: what the page shows elsewhere.
    if ctx.get("coverage"):
        first, last = ctx["coverage"]
        data["temporalCoverage"] = f"{first.isoformat()}/{last.isoformat()}"
    return data


@pass_context
def structured_data(ctx) -> Markup:
    """The JSON-LD of this page, or nothing. Its text is in the page's language where the
    content gives it (an untranslated event keeps its own), `inLanguage` says which language
    the text is in, and the page's address is the one in its language."""
    language = ctx.get("language")
    if ctx.get("article") is not None:
        data = analysis_data(ctx, ctx["article"])
    elif ctx.get("event") is not None:
        data = event_data(ctx, ctx["event"], language)
    elif ctx.get("dataset"):
        data = dataset_data(ctx, language)
    elif ctx.get("page_url") == "":
        base = absolute_base(ctx)
        data = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": ctx["SITENAME"],
            "url": f"{base}/",
            "description": ctx.get("SITE_DESCRIPTION", ""),
        }
    else:
        return Markup("")
    if ctx.get("article") is not None:
        # An analysis shown in the page's language (a translation: `lang` is empty), or
        # in its own (Pelican's articles, and the original on an untranslated page).
        own = getattr(ctx["article"], "lang", "")
        data["inLanguage"] = own or (language.code if language else ctx.get("DEFAULT_LANG"))
    elif data["@type"] in ("WebSite", "Dataset") and language is not None:
        data["inLanguage"] = language.code  # its name and description in the page's language
    elif "inLanguage" not in data:
        data["inLanguage"] = ctx.get("DEFAULT_LANG") or "en"
    if language is not None and not language.main and "url" in data:
        base = absolute_base(ctx)
        data["url"] = data["url"].replace(f"{base}/", f"{base}/{language.prefix}", 1)
    return script_json(data)


@pass_context
def page_feeds(ctx) -> list[tuple[str, str]]:
    """(path, title) of the Atom feeds this page offers: the site's, then its own."""
    language = ctx.get("language")
    _ = language.gettext if language is not None else str
    site = ctx["SITENAME"]
    feeds = [
        (feed_path("events"), _("%(site)s: all events") % {"site": site}),
        (feed_path("analyses"), _("%(site)s: analyses") % {"site": site}),
    ]
    for kind in FEED_KINDS:
        item = ctx.get(singular(kind))
        if item is not None and ctx.get("page_url") == item_path(kind, item.id):
            name = tr_text(item, "name", language)
            feeds.append((feed_path(kind, item.id), _("Events of %(name)s") % {"name": name}))
    return feeds


GLOBALS = {
    "absolute_url": absolute_url,
    "structured_data": structured_data,
    "page_feeds": page_feeds,
}
