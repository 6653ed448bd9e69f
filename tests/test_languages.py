"""The Arabic sub-site: every page kind under /ar/, right to left, in Arabic, linked to its
English twin and back; translated content where it exists, the original marked with its
language where it does not; and the settings and validation that go with it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generators.cli.catalogue import extract
from generators.content.i18n import load_translations
from generators.errors import ContentInvalid, SettingsInvalid
from tests.sitebuild import ROOT, SITES, build, page

PO_FILE = ROOT / "themes" / "sitrep" / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
PAGE_KINDS = [
    "",
    "events/2016-08-06-siege-broken/",  # translated
    "events/2016-08-05-assault/",  # not translated
    "actors/",
    "actors/rebel-alliance/",
    "places/",
    "places/city/",
    "sources/",
    "sources/wire/",
    "days/2016-08-06/",
    "timeline/",
    "contested/",
    "changes/",
    "indicators/",
    "indicators/besieged-people/",
    "analyses/",
    "analyses/day-report/",  # translated
    "analyses/background/",  # not translated
    "about/grades/",
    "map/",
    "data/",
    "search/",
    "404.html",
]
ARABIC = re.compile(r"[\u0600-\u06ff]")
PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")


def foreign_removed(soup: BeautifulSoup) -> BeautifulSoup:
    """The page without the elements marked as being in another language than the page's.
    Their texts are kept in `soup.foreign`: titles and attributes cannot mark a language, so
    an untranslated name there is content, not an interface label."""
    page_lang = soup.html["lang"]
    soup.foreign = []
    for element in soup.select("[lang]"):
        if element.name != "html" and element.get("lang") != page_lang:
            soup.foreign.append(element.get_text(" ", strip=True))
            element.decompose()
    return soup


def shown_text(soup: BeautifulSoup) -> str:
    """Everything a reader sees or hears: text and the attributes read aloud, without the
    content that the page shows in another language."""
    for script in soup.select("script, style"):  # never shown; the map's labels are checked
        script.decompose()  # with the catalogue (see the map's browser test)
    parts = [soup.get_text(" ")]
    for attribute in ("title", "alt", "aria-label"):
        parts += [element[attribute] for element in soup.select(f"[{attribute}]")]
    description = soup.find("meta", attrs={"name": "description"})
    parts.append(description["content"] if description else "")
    text = " ".join(parts)
    for foreign in sorted(getattr(soup, "foreign", []), key=len, reverse=True):
        text = text.replace(foreign, " ") if foreign else text
    return text


def english_fragments() -> list[str]:
    """The English words of every interface message that its Arabic translation does not
    keep: the pieces between placeholders and tags that contain a word."""
    translations = load_translations(PO_FILE)
    fragments = set()
    for message in extract():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        arabic = (
            " ".join(translations.ngettext(ids[0], ids[1], n) for n in range(0, 110))
            if len(ids) > 1
            else translations.gettext(ids[0])
        )
        for text in ids:
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" .,;:()\n")
                if re.search(r"[A-Za-z]{2,}", piece) and piece not in arabic:
                    fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


@pytest.mark.parametrize("url", PAGE_KINDS)
def test_every_page_kind_exists_in_arabic_right_to_left(bilingual_site, url):
    soup = page(bilingual_site, f"/ar/{url}")
    assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl")
    assert soup.find("link", rel="canonical")["href"] == f"/ar/{url}"
    assert len(soup.find_all("h1")) == 1
    assert ARABIC.search(soup.title.get_text())


@pytest.mark.parametrize("url", PAGE_KINDS)
def test_each_page_links_to_its_twin_in_the_other_language_and_back(bilingual_site, url):
    arabic, english = page(bilingual_site, f"/ar/{url}"), page(bilingual_site, f"/{url}")
    to_english = arabic.select_one("nav.languages a[hreflang=en]")
    to_arabic = english.select_one("nav.languages a[hreflang=ar]")
    assert (to_english["href"], to_arabic["href"]) == (f"/{url}", f"/ar/{url}")
    assert (to_english["lang"], to_arabic.get_text(strip=True)) == ("en", "العربية")
    for soup in (arabic, english):
        alternates = {
            a["hreflang"]: a["href"] for a in soup.select("link[rel=alternate][hreflang]")
        }
        assert alternates == {"en": f"/{url}", "ar": f"/ar/{url}"}
    assert english.html["lang"] == "en" and not english.html.get("dir")


@pytest.mark.parametrize("url", PAGE_KINDS)
def test_arabic_pages_show_no_english_interface_label(bilingual_site, url):
    text = shown_text(foreign_removed(page(bilingual_site, f"/ar/{url}")))
    found = [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text)
    ]
    assert found == []


def test_english_pages_stay_english(bilingual_site):
    """Translations never leak into the English site: Arabic appears only where marked."""
    for html in bilingual_site.rglob("*.html"):
        relative = html.relative_to(bilingual_site).as_posix()
        if relative.startswith("ar/"):
            continue
        soup = foreign_removed(page(bilingual_site, "/" + relative))
        assert not ARABIC.search(shown_text(soup)), relative


def test_every_link_of_the_arabic_site_resolves_and_stays_in_arabic(bilingual_site):
    missing, english = [], []
    for html in (bilingual_site / "ar").rglob("*.html"):
        soup = page(bilingual_site, "/" + html.relative_to(bilingual_site).as_posix())
        for link in soup.select("main a[href^='/'], header a[href^='/'], link[href^='/']"):
            target = link["href"].split("#")[0]
            path = bilingual_site / target.lstrip("/")
            if not (path / "index.html" if target.endswith("/") else path).exists():
                missing.append(f"{html.relative_to(bilingual_site)} -> {target}")
            # Pages linked from the text; a map's stylesheets are assets, shared by all.
            in_main = link.find_parent("main") is not None and link.name == "a"
            said_english = "en" in (link.get("lang"), link.get("hreflang"))
            if in_main and not target.startswith("/ar/") and not said_english:
                english.append(f"{html.relative_to(bilingual_site)} -> {target}")
    assert (missing, english) == ([], [])


def test_translated_event_reads_in_arabic_with_arabic_dates_and_digits(bilingual_site):
    soup = page(bilingual_site, "/ar/events/2016-08-06-siege-broken/")
    assert soup.h1.get_text(strip=True) == "قيل إن الحصار كُسر"
    assert not soup.select(".untranslated-notice")
    when = soup.select_one(".facts time").get_text(" ", strip=True)
    assert when == "السبت، ٦ آب ٢٠١٦، الساعة ٢١:٠٠ (UTC+03:00)"
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    assert "بين ١٢ و٢٠" in facts  # fatalities {min: 12, max: 20}
    assert "تحالف المعارضة" in facts and "(البادئ)" in facts
    stances = [h.get_text(strip=True) for h in soup.select(".stance h3")]
    assert stances == ["يؤكّد", "يشكّك", "ينفي"]
    denies = soup.select_one(".stance-denies").get_text(" ", strip=True)
    assert "صُدّ الهجوم." in denies and "القتلى: ما لا يقل عن ٣٠٠" in denies
    assert soup.select_one(".facts .grade").get_text(strip=True) == "متنازع عليه"
    assert soup.select_one(".summary strong").get_text() == "الحصار"
    headline = soup.select_one(".sources a[href^='https://'] span")
    assert (headline["lang"], headline.get_text()) == ("en", "Siege broken, alliance says")


def test_untranslated_text_is_said_and_shown_in_english(bilingual_site):
    soup = page(bilingual_site, "/ar/events/2016-08-05-assault/")
    notice = soup.select_one(".untranslated-notice").get_text(" ", strip=True)
    assert notice == "لم تُترجم هذه الصفحة إلى العربية بعد، فهي معروضة باللغة الإنجليزية."
    title = soup.h1.select_one("[lang=en]")
    assert (title["dir"], title.get_text()) == ("ltr", "Alliance attacks the south district")
    partly = page(bilingual_site, "/ar/events/2016-08-07-water-cut/")
    assert "لم تُترجم أجزاء من هذه الصفحة" in partly.select_one(".untranslated-notice").get_text()
    assert "محطة الضخ" in partly.select_one(".facts").get_text()
    fallback = page(bilingual_site, "/ar/analyses/background/")
    assert fallback.select_one("article h1")["lang"] == "en"
    assert fallback.select_one(".untranslated-notice")


def test_arabic_analysis_is_the_translation_with_links_into_the_arabic_site(bilingual_site):
    soup = page(bilingual_site, "/ar/analyses/day-report/")
    assert soup.h1.get_text(strip=True) == "تقرير السبت"
    body = soup.select_one("article.analysis")
    links = {a["href"]: a for a in body.select("a[href]:not(figure.map a)")}  # not the map's
    assert links["/ar/events/2016-08-06-siege-broken/"].get_text() == "قيل إن الحصار كُسر"
    untranslated = links["/ar/events/2016-08-05-assault/"].select_one("span[lang=en]")
    assert untranslated.get_text() == "Alliance attacks the south district"
    figures = [a.get_text() for a in body.select("a[href='/ar/indicators/besieged-people/']")]
    assert figures == ["٢٥٠٬٠٠٠ شخص", "٢٧٥٬٠٠٠ شخص"]  # the unit agrees with the number
    english = page(bilingual_site, "/analyses/day-report/")
    assert english.h1.get_text(strip=True) == "Saturday's report"
    assert not list(bilingual_site.glob("analyses/day-report/ar*"))


def test_arabic_day_report_takes_its_takeaways_from_the_arabic_twin(bilingual_site):
    soup = page(bilingual_site, "/ar/days/2016-08-06/")
    takeaways = soup.select_one(".takeaways")
    assert takeaways.h2.get_text() == "أبرز الخلاصات"
    assert "يقول التحالف إن الحصار كُسر" in takeaways.get_text()
    assert soup.select_one(".takeaways .read-more a")["href"] == "/ar/analyses/day-report/"


def test_labels_and_names_of_other_pages_are_arabic(bilingual_site):
    raid = page(bilingual_site, "/ar/events/2016-07-30-early-raid/")
    actor = raid.select_one(".facts a[href*='/actors/']").get_text(" ", strip=True)
    assert actor == "التحالف القديم (لاحقًا تحالف المعارضة)"
    assert "الأسبوع الذي يبدأ الاثنين، ٢٥ تموز ٢٠١٦" in raid.select_one(".facts time").get_text()
    home = page(bilingual_site, "/ar/")
    counts = [li.get_text(" ", strip=True) for li in home.select(".counts li")]
    assert counts[0] == "٦ أحداث"
    figure = home.select_one(".figure[data-indicator=besieged-people]").get_text(" ", strip=True)
    assert "٢٧٥٬٠٠٠ شخص" in figure and "بزيادة ٢٥٬٠٠٠ عن ٢٥٠٬٠٠٠ في ٦ آب ٢٠١٦" in figure
    chart = (bilingual_site / "ar/indicators/besieged-people/chart.svg").read_text()
    assert "المحاصَرون" in chart and "٦ آب ٢٠١٦" in chart


def test_latin_digits_setting(tmp_path):
    output = build(SITES / "bilingual" / "content", tmp_path / "out", ARABIC_DIGITS="latn")
    soup = page(output, "/ar/events/2016-08-06-siege-broken/")
    assert soup.select_one(".facts time").get_text(" ", strip=True).startswith("السبت، 6 آب 2016")
    assert "class" not in soup.html.attrs


def test_relative_urls_keep_each_language_in_its_pages(tmp_path):
    output = build(SITES / "bilingual" / "content", tmp_path / "out", RELATIVE_URLS=True)
    soup = page(output, "/ar/events/2016-08-05-assault/")
    assert soup.select_one("a.brand")["href"] == "../../../ar/"
    assert soup.select_one("link[rel=stylesheet]")["href"] == "../../../theme/css/site.css"
    assert soup.select_one("nav.languages a")["href"] == "../../../events/2016-08-05-assault/"


def test_a_site_in_one_language_has_no_sub_site_and_no_switch(tmp_path):
    output = build(SITES / "minimal" / "content", tmp_path / "out", SITE_LANGUAGES=["en"])
    assert not (output / "ar").exists()
    soup = page(output, "/events/2016-08-06-siege-broken/")
    assert not soup.select("nav.languages, link[hreflang]")


def test_strict_setting_refuses_untranslated_items(tmp_path):
    with pytest.raises(ContentInvalid) as caught:
        build(SITES / "bilingual" / "content", tmp_path / "out", STRICT=True)
    first = caught.value.errors[0].format()
    assert first == (
        "content/actors/government-forces.yaml:1:1: error: not translated into Arabic (ar) "
        "(hint: add names: {ar: ...})"
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SITE_LANGUAGES": ["ar"]}, "expected the main language DEFAULT_LANG ('en') among"),
        ({"SITE_LANGUAGES": ["en", "fr"]}, "no message catalogue for 'fr'"),
        ({"ARABIC_DIGITS": "hindi"}, "ARABIC_DIGITS: expected 'arab' or 'latn'"),
    ],
)
def test_settings_that_cannot_work_are_refused(tmp_path, settings, message):
    with pytest.raises(SettingsInvalid, match=re.escape(message)):
        build(SITES / "minimal" / "content", tmp_path / "out", **settings)


def run_validate(content: Path, *args: str) -> subprocess.CompletedProcess:
    """`sitrep validate` in a project made of `content` and the project's settings."""
    (content.parent / "pelicanconf.py").write_text((ROOT / "pelicanconf.py").read_text())
    shutil.copytree(ROOT / "themes", content.parent / "themes", dirs_exist_ok=True)
    sitrep = Path(sys.executable).parent / "sitrep"
    return subprocess.run(
        [str(sitrep), "validate", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=content.parent,
    )


def test_validate_warns_of_untranslated_items_and_strict_refuses_them(copy_site):
    content = copy_site("bilingual") / "content"
    warned = run_validate(content)
    assert warned.returncode == 0
    lines = warned.stderr.splitlines()
    assert len(lines) == 12 and all(": warning: " in line for line in lines)
    # 11 untranslated items, and a contested grade with no claim against it (contested.py).
    assert [line for line in lines if "graded contested" in line] == [
        line for line in lines if line.startswith("content/events/2016-08-07-water-cut.yaml:14:")
    ]
    assert (
        "content/events/2016-08-07-water-cut.yaml:1:1: warning: translation into Arabic (ar) "
        "lacks title (hint: the page shows the original text for these fields)"
    ) in lines
    assert warned.stdout.strip().endswith("12 warnings.")
    strict = run_validate(content, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "Aborted with 12 errors."


def test_an_untranslated_field_of_a_nested_model_is_named_with_its_place(copy_site):
    content = copy_site("bilingual") / "content"
    event = content / "events" / "2016-08-07-water-cut.yaml"
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            "assessment:",
            "translations:\n  ar: {title: قطع المياه}\n"
            "claims:\n  - by: monitor\n    stance: asserts\n    source: monitor\n"
            "    statement: The station was hit.\n"
            "  - by: state-tv\n    stance: denies\n    source: monitor\n"
            "    statement: Nothing was hit.\n"
            "    translations:\n      ar: {statement: لم يُصب شيء.}\n"
            "assessment:",
        ),
        encoding="utf-8",
    )
    lines = run_validate(content).stderr.splitlines()
    assert (
        "content/events/2016-08-07-water-cut.yaml:14:3: warning: translation into Arabic (ar) "
        "lacks claims[0].statement (hint: the page shows the original text for these fields)"
    ) in lines


def test_every_interface_message_has_an_arabic_translation():
    """Every message the templates and the code use is in the catalogue, translated, with
    the same placeholders; the catalogue holds nothing else."""
    from babel.messages.pofile import read_po

    with PO_FILE.open("rb") as handle:
        catalogue = read_po(handle)
    used = {message.id for message in extract() if message.id}
    kept = {message.id for message in catalogue if message.id}
    assert (sorted(map(str, used - kept)), sorted(map(str, kept - used))) == ([], [])
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        if message.fuzzy or not all(strings) or len(strings) != (6 if len(ids) > 1 else 1):
            problems.append(f"untranslated: {ids[0]!r}")
        elif any(set(re.findall(r"%\(\w+\)s", s)) - wanted for s in strings) or (
            len(ids) == 1 and set(re.findall(r"%\(\w+\)s", strings[0])) != wanted
        ):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert problems == []
