"""Every setting of sitrep's own (beside Pelican's), declared once: its type, its default and
what it does. `sitrep_settings()` checks them all before anything is built and gives the
code typed attributes; an author sees every wrong setting at once, named, with what was
expected and what was found ("MAP_TILES: expected None or a mapping with 'url' and
'attribution', got 3"). docs/settings.md is made from these declarations (`make docs`),
and a test checks that every setting the code reads is declared here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .build.executor import Executor
from .build.executor import check_setting as check_executor
from .errors import SettingsInvalid

# Where the checked settings are kept in Pelican's settings (and so in every context).
KEY = "sitrep_settings"


def _setting(default: Any, expected: str, doc: str) -> Any:
    return Field(default, description=doc, json_schema_extra={"expected": expected})


class TileProvider(BaseModel):
    """A tile server readers' browsers fetch the basemap from (a third party: see README)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    attribution: str
    max_zoom: int | None = None

    @field_validator("url")
    @classmethod
    def _template(cls, url: str) -> str:
        if not re.fullmatch(r"https://[^\s\"'<>]+", url) or not all(
            part in url for part in ("{z}", "{x}", "{y}")
        ):
            raise ValueError("an https:// address with {z}, {x} and {y}")
        return url

    @field_validator("attribution")
    @classmethod
    def _credited(cls, attribution: str) -> str:
        if not attribution.strip():
            raise ValueError("the attribution every tile provider requires")
        return attribution


class DataLicense(BaseModel):
    """The licence the desk publishes its data under, as datapackage.json names it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    path: str
    title: str

    @field_validator("path")
    @classmethod
    def _address(cls, path: str) -> str:
        if not re.fullmatch(r"https?://[^\s\"'<>]+", path):
            raise ValueError("the licence's web address")
        return path

    @field_validator("name", "title")
    @classmethod
    def _named(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("a name and a title")
        return text


class SitrepSettings(BaseModel):
    """sitrep's settings, as a build reads them (attributes named as the settings are)."""

    model_config = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True)

    # --- the site -------------------------------------------------------------------------
    SITE_DESCRIPTION: str = _setting(
        "", "text", "What the site is, one or two sentences: the home page's description."
    )
    TIMELINE_PAGE_EVENTS: int = _setting(
        500,
        "a number of events, at least 1",
        "Above this many events, /timeline/ has one page per month and lists the months; "
        "a month of more pages through, this many a page.",
    )
    LIST_PAGE_EVENTS: int = _setting(
        200,
        "a number of events, at least 1",
        "Above this many events, an actor's, place's or source's events are listed one "
        "page per month (/actors/<id>/2016-08/), a month of more pages through, and a day "
        "of more pages through (/days/2016-08-06/2/).",
    )
    CONTESTED_PAGE_EVENTS: int = _setting(
        50,
        "a number of events, at least 1",
        "Above this many contested events, /contested/ has one page per month "
        "(/contested/2016-08/), a month of more pages through; each with who says what.",
    )
    FIGURE_STALE_DAYS: int = _setting(
        7,
        "a number of days, at least 1",
        "A key figure last reported more than this many days before a page's day is shown "
        "with its age, as not current.",
    )
    STRICT: bool = _setting(
        False, "True or False", "Items not translated into every language are errors."
    )
    # --- languages ------------------------------------------------------------------------
    SITE_LANGUAGES: list[str] | None = _setting(
        None,
        "None or a list of language codes such as ['en', 'ar']",
        "The site's languages, DEFAULT_LANG first; None: DEFAULT_LANG only.",
    )
    LANGUAGE_LOCALES: dict[str, str] = _setting(
        {},
        "a mapping of language codes to locales such as {'ar': 'ar_SY'}",
        "The Babel locale of a language, for its month names and digits.",
    )
    ARABIC_DIGITS: Literal["arab", "latn"] = _setting(
        "arab", "'arab' or 'latn'", "On Arabic pages: Arabic-Indic digits, or 0-9."
    )
    LANGUAGE_SETTINGS: dict[str, dict[str, Any]] = _setting(
        {},
        "a mapping of language codes to settings such as {'ar': {'SITENAME': '...'}}",
        "Per language, settings its pages use instead of the main ones.",
    )
    # --- maps -----------------------------------------------------------------------------
    MAP_TILES: TileProvider | None = _setting(
        None,
        "None or a mapping with 'url' and 'attribution'",
        "None: no basemap tiles, no request to any other host. A tile provider "
        "({'url': 'https://.../{z}/{x}/{y}.png', 'attribution': '...', 'max_zoom': 19}): "
        "readers' browsers fetch tiles from it.",
    )
    BASEMAP: str | None = _setting(
        None,
        "None or the path of a .pmtiles file in the content folder",
        "The site's own basemap: vector tiles in one PMTiles file (made by `sitrep "
        "basemap`, see docs/basemap.md), served by the site and drawn by protomaps-leaflet "
        "(npm; `make site` installs it), such as 'basemap/aleppo.pmtiles'. No request to "
        "any other host. None: no basemap unless MAP_TILES names one.",
    )
    MAP_SIDE_COLOURS: dict[str, str] = _setting(
        {},
        "a mapping of sides to colours such as {'government': '#b2182b'}",
        "Colours of the actors' sides on maps; other sides take the palette's.",
    )
    MAP_DATES: tuple[date, date] | None = _setting(
        None,
        "None or two ISO dates like ('2016-08-05', '2016-08-06')",
        "The dates /map/ opens on; None: its latest dates, up to MAP_OPENING_EVENTS events.",
    )
    MAP_OPENING_EVENTS: int = _setting(
        10_000,
        "a number of events such as 10000",
        "Without MAP_DATES, /map/ opens on about this many of its latest events.",
    )
    MAP_LIST_LIMIT: int = _setting(
        500,
        "a number of events such as 500",
        "Above this many events, /map/'s list links days instead of each event (each "
        "listed event adds about 0.6 KB to the page: 1,000 made it 575 KB in Arabic).",
    )
    # --- data downloads -------------------------------------------------------------------
    DATA_LICENSE: DataLicense | None = _setting(
        None,
        "None or a mapping with 'name', 'path' and 'title'",
        "The licence of the data downloads, in /data/datapackage.json and on /data/ "
        "({'name': 'CC-BY-4.0', 'path': 'https://creativecommons.org/licenses/by/4.0/', "
        "'title': 'Creative Commons Attribution 4.0'}); None: no licence is stated.",
    )
    DATA_YEAR_FILES_ABOVE: int = _setting(
        5000,
        "a number of events, at least 1",
        "Above this many events, the events downloads also come one set per year "
        "(data/years/<year>/events.csv, .geojson, .json).",
    )
    ARCHIVE_ENDPOINT: str | None = _setting(
        None,
        "None or an https:// address with {url}",
        "Where `sitrep sources check --archive` asks for reports to be archived, such as "
        "'https://web.archive.org/save/{url}' ({url}: the report's address, encoded). Never "
        "used by a build.",
    )
    SENSITIVE_PRECISION: float = _setting(
        0.1,
        "a number of degrees from 0.001 to 10, such as 0.1",
        "Places and event locations marked `sensitive: true` are published only on a grid "
        "of this many degrees (0.1: about 11 km), in every page, map and export.",
    )
    # --- security.txt ---------------------------------------------------------------------
    SECURITY_CONTACT: str | list[str] | None = _setting(
        None,
        "None, an e-mail address or URL, or a list of them",
        "Who to tell about a security problem, in /.well-known/security.txt (none: no file).",
    )
    SECURITY_EXPIRES: date | None = _setting(
        None, "None or an ISO date", "security.txt's Expires date, when set by hand."
    )
    SECURITY_EXPIRES_DAYS: int = _setting(
        365,
        "a number of days, at least 1",
        "Without SECURITY_EXPIRES: how long security.txt holds (see pages/securitytxt.py).",
    )
    SITEMAP_URLS: int = _setting(
        50_000,
        "a number of addresses, at least 1",
        "At most this many addresses in each file of the sitemap (sitemap.xml is the "
        "index of sitemap-1.xml, sitemap-2.xml, ...; the sitemaps protocol allows 50,000).",
    )
    # --- the build ------------------------------------------------------------------------
    SITREP_SEARCH: bool = _setting(
        True, "True or False", "Build the Pagefind search index (False: faster previews)."
    )
    SITREP_PAGEFIND: list[str] | None = _setting(
        None,
        "None, or the Pagefind command as a list such as ['pagefind']",
        "The Pagefind command; None: the pinned PyPI package.",
    )
    SITREP_CACHE: Literal[False] | str | None = _setting(
        None,
        "None, False or a folder",
        "Where validated content is kept between builds: None, .sitrep-cache/ beside the "
        "content folder; False keeps none.",
    )
    SITREP_VERIFY: bool = _setting(
        False,
        "True or False",
        "Render every file the cache would keep and fail if one differs (build --verify).",
    )
    SITREP_EXECUTOR: str | Executor = _setting(
        "local",
        "'local', 'serial' or 'dask://host:port'",
        "How pages are rendered: 'local', on every core of this machine; 'serial', in one "
        "process; 'dask://host:port', by the workers of the Dask distributed scheduler there "
        "(`pip install 'sitrep[dask]'`; workers need the project folder at the same path: "
        "docs/publishing.md). A program may hand in an executor (generators/build/executor.py).",
    )
    SITREP_RAISE: bool = _setting(
        False,
        "True or False",
        "Errors reach the caller as exceptions (the sitrep command sets it), not an exit.",
    )

    @field_validator(
        "TIMELINE_PAGE_EVENTS",
        "LIST_PAGE_EVENTS",
        "CONTESTED_PAGE_EVENTS",
        "SITEMAP_URLS",
        "MAP_OPENING_EVENTS",
        "MAP_LIST_LIMIT",
        "DATA_YEAR_FILES_ABOVE",
    )
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("at least 1")
        return value

    @field_validator("SITREP_EXECUTOR", mode="before")
    @classmethod
    def _executor(cls, value: Any) -> Any:
        return check_executor(value)

    @field_validator("ARCHIVE_ENDPOINT")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if value is not None and not (re.fullmatch(r"https?://\S+", value) and "{url}" in value):
            raise ValueError("an address with {url}")
        return value

    @field_validator("BASEMAP")
    @classmethod
    def _in_content(cls, value: str | None) -> str | None:
        parts = PurePosixPath(value).parts if value else ()
        if value is not None and (
            not value.endswith(".pmtiles") or value.startswith("/") or ".." in parts
        ):
            raise ValueError("a .pmtiles file inside the content folder")
        return value

    @model_validator(mode="after")
    def _one_basemap(self) -> SitrepSettings:
        if self.BASEMAP is not None and self.MAP_TILES is not None:
            raise ValueError(
                "BASEMAP and MAP_TILES: set one of the two (the site's own basemap, or a "
                "tile server), not both"
            )
        return self

    @field_validator("SENSITIVE_PRECISION")
    @classmethod
    def _grid(cls, value: float) -> float:
        if not 0.001 <= value <= 10:
            raise ValueError("from 0.001 to 10 degrees")
        return value

    @field_validator("SECURITY_EXPIRES_DAYS", "FIGURE_STALE_DAYS")
    @classmethod
    def _days(cls, value: int) -> int:
        if value < 1:
            raise ValueError("at least 1")
        return value


def _expected(name: str) -> str:
    extra = SitrepSettings.model_fields[name].json_schema_extra
    return str(extra["expected"]) if isinstance(extra, dict) else "another value"


def check(settings: Mapping[str, Any]) -> SitrepSettings:
    """sitrep's settings from Pelican's, checked: every wrong one is listed."""
    given = {name: settings[name] for name in SitrepSettings.model_fields if name in settings}
    try:
        return SitrepSettings.model_validate(given, strict=False)
    except ValidationError as error:
        problems = error.errors()
        named = sorted({str(problem["loc"][0]) for problem in problems if problem["loc"]})
        lines = [f"{name}: expected {_expected(name)}, got {given[name]!r:.80}" for name in named]
        # Errors between settings (the model's own checks) have no one setting to name.
        lines += [str(problem["ctx"]["error"]) for problem in problems if not problem["loc"]]
        raise SettingsInvalid("\n".join(lines)) from None


def sitrep_settings(settings: Mapping[str, Any]) -> SitrepSettings:
    """The checked settings of this build (plugin.py keeps them in the settings)."""
    found = settings.get(KEY)
    return found if isinstance(found, SitrepSettings) else check(settings)


def reference() -> str:
    """docs/settings.md: every setting, its default, what it takes and what it does."""
    lines = [
        "# Settings",
        "",
        "sitrep's own settings, beside Pelican's, in `pelicanconf.py` (and `publishconf.py`",
        "for the published site). Every one is checked before a build starts: a wrong one",
        "stops the build with its name, what it takes and what it was given. This page is",
        "made from `generators/settings.py` (`make docs`, or `sitrep settings`); a test keeps",
        "the two the same.",
        "",
        "| setting | default | takes | what it does |",
        "| --- | --- | --- | --- |",
    ]
    for name, spec in SitrepSettings.model_fields.items():
        default = spec.get_default(call_default_factory=True)
        doc = str(spec.description).replace("|", "\\|")
        lines.append(f"| `{name}` | `{default!r}` | {_expected(name)} | {doc} |")
    return "\n".join(lines) + "\n"
