"""Load and validate a whole content folder into one `Site`, with its indexes built once."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..build.lasting import made_to_last
from ..errors import ContentError, ContentInvalid
from .analysis_meta import pair_translations, read_analysis
from .areas import attach_geometry_file
from .contentcache import ContentCache, Validated
from .figurelinks import check_figure_link
from .media import check_media
from .model import Site
from .references import check_references, check_reports
from .schema import ID_CUTOFF, ID_MAX, KINDS, describe, id_like, is_id, suggest, validate_item
from .sensitive import generalise
from .untranslated import item_warnings
from .wikilinks import LINK_KINDS
from .yamlsource import file_digest, load_yaml


def _entries(folder: Path | str) -> Iterator[os.DirEntry]:
    """Every entry below `folder` but hidden ones (editors' lock and swap files: `.#name.md`,
    `.name.yaml.swp`, as Pelican ignores them), folder by folder in path order; links are
    listed, never followed. os.scandir: no system call per file to tell a link or a folder,
    and no Path objects (a site has tens of thousands of files, walked twice a build)."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:  # no such folder (a kind with no files), or not one: as os.walk does
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path)


def _files(folder: Path) -> list[Path]:
    """Every file below `folder` but hidden ones and links that `check_links` refuses, in
    path order."""
    return [
        Path(entry.path)
        for entry in _entries(folder)
        if not HIDDEN_NAME_CHARS.search(entry.name)  # refused by `check_links`
        and not (entry.is_symlink() and _link_problem(entry.path))
        and not entry.is_dir()  # a folder, or a link to one
    ]


# Characters that are invisible or change the direction of the text around them: refused in
# file names, which become ids and addresses (schema.py refuses them in text).
HIDDEN_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _link_problem(path: str, root: str | None = None) -> str:
    """Why a symbolic link below the content folder `root` may not be read ('' when it may):
    its target must exist and lie inside the content folder."""
    target = os.path.realpath(path)
    if not os.path.exists(target):
        return "a link to a file that does not exist"
    root = root or _content_root
    if root and not (target == root or target.startswith(root + os.sep)):
        return "a link to a file outside the content folder"
    return ""


_content_root = ""  # the resolved content folder of the load under way (see `check_links`)


def check_links(root: Path) -> list[ContentError]:
    """Links and file names below the content folder that must not be published: a link
    whose target is missing or lies outside the content folder (its target is never read),
    a name holding invisible or direction-changing characters. Pelican reads the same
    folder, so every file in it is checked, not only those of sitrep's kinds."""
    global _content_root
    _content_root = os.path.realpath(root)
    errors = []
    for entry in _entries(root):
        name = entry.name
        if hidden := HIDDEN_NAME_CHARS.search(name):
            errors.append(
                ContentError(
                    _shown(Path(entry.path), root).encode("ascii", "backslashreplace").decode(),
                    1,
                    1,
                    "",
                    f"expected a file name of visible characters, got U+{ord(hidden[0]):04X}",
                    "rename it: invisible and direction-changing characters make one "
                    "name look like another",
                )
            )
        elif entry.is_symlink() and (problem := _link_problem(entry.path, _content_root)):
            errors.append(
                ContentError(
                    _shown(Path(entry.path), root),
                    1,
                    1,
                    "",
                    f"expected a file inside the content folder, got {problem}",
                    "sitrep reads nothing outside the content folder: copy the file in, "
                    "or remove the link",
                )
            )
    return errors


def _read(path: Path, shown: str) -> bytes | ContentError:
    """A content file's bytes, or why they cannot be read (a folder, no permission...)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return ContentError(
            shown, 1, 1, "", f"cannot read the file: {exc.strerror or exc}", "check its permissions"
        )


def _shown(path: Path, root: Path) -> str:
    """`path` as errors name it: relative to the project (the content folder's parent).
    Strings, not Path.relative_to: this runs three times for each of a site's files."""
    name, base = str(path), str(root.parent)
    if base == ".":
        return path.as_posix()
    if name.startswith(base + os.sep) or (base == os.sep and name.startswith(os.sep)):
        return name[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    return path.as_posix()


# The files validated by the last load, within `keeping_validated()`: a process that builds
# again and again (the preview server, `sitrep serve`) validates again only the files that
# changed. Generators never change an item, so sites can share them. Between processes, the
# content cache (contentcache.py) does the same from disk.
_validated: dict[tuple[str, str], Validated] = {}
_validated_now: dict[tuple[str, str], Validated] = {}
_validated_languages: tuple[str, ...] = ()
_keeping = False
# The files the preview's watcher saw change since the last load (`expect_changes`): the
# others are taken from `_validated` without being read again, for the next load only.
_changes: frozenset[str] | None = None
# The files of each kind the last load listed, within `keeping_validated()`: when the
# watcher saw only files change that were there, the next load lists them again from here.
_listed: dict[str, list[Path]] = {}
_listed_now: set[str] = set()  # their absolute paths, for the load under way
_linked = False  # whether a changed file is a link: the folders are listed again then


@contextmanager
def keeping_validated() -> Iterator[None]:
    """Within it, each load reuses the items of the files that did not change since the
    previous load (not outside: a test, say, may change the items it loaded)."""
    global _keeping, _validated
    _keeping = True
    try:
        yield
    finally:
        _keeping, _validated = False, {}
        _listed.clear()


def expect_changes(paths: Iterable[str | Path]) -> None:
    """Within `keeping_validated()`: the next load reads again only `paths` (the files a
    watcher saw change since the last load, absolute or not) and files it did not validate
    then; it trusts every other file to be as it was."""
    global _changes
    if _keeping:
        _changes = frozenset(os.path.abspath(path) for path in paths)


def _read_kind(
    site: Site,
    kind: str,
    errors: list[ContentError],
    cache: ContentCache | None,
    read: set[tuple[str, str]] | None = None,
) -> None:
    """Read and validate the files of `kind`; `read` (when the watcher said which files
    changed) gets the keys of those read, the others being as the last load left them."""
    folder = site.root / kind
    seen: dict[str, str] = {}
    listed = _listed.get(str(folder))
    if listed is None or _changes is None or not _changes <= _listed_now or _linked:
        listed = _files(folder)  # which leaves out links that may not be read
    if _keeping:
        _listed[str(folder)] = listed
    for path in listed:
        shown = _shown(path, site.root)
        if path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yaml":
            errors.append(
                ContentError(
                    shown,
                    1,
                    1,
                    "",
                    f"expected a file name ending in .yaml, got '{path.name}'",
                    f"rename it to {path.stem}.yaml: other files are not read",
                )
            )
            continue
        if path.suffix != ".yaml":
            continue
        item_id = path.stem
        if not is_id(item_id):
            errors.append(_bad_file_name(shown, item_id))
            continue
        if item_id in seen:
            errors.append(
                ContentError(
                    shown,
                    1,
                    1,
                    "",
                    f"expected a unique {kind.rstrip('s')} id, got '{item_id}' again "
                    f"(first in {seen[item_id]})",
                    "ids are unique per kind, in any sub-folder: rename one of the two files",
                )
            )
            continue
        seen[item_id] = shown
        key = (kind, shown)
        if _changes is not None and os.path.abspath(path) not in _changes:
            known = _validated.get(key) if _validated_languages == site.languages else None
            if known is not None:  # unchanged since the last load, the watcher says
                site.kind(kind)[item_id], site.documents[(kind, item_id)] = known.item, known.doc
                site.untranslated[(kind, item_id)] = known.warnings
                _keep(cache, key, known)
                continue
        if read is not None:
            read.add(key)
        data = _read(path, shown)
        if isinstance(data, ContentError):
            errors.append(data)
            site.invalid.add((kind, item_id))
            continue
        digest = file_digest(data)
        known = _validated.get(key) if _validated_languages == site.languages else None
        if known is None or known.digest != digest:
            known = cache.get(key, digest) if cache is not None else None
        if known is not None:  # of these very bytes
            site.kind(kind)[item_id], site.documents[(kind, item_id)] = known.item, known.doc
            site.untranslated[(kind, item_id)] = known.warnings
            _keep(cache, key, known)
            continue
        doc, file_errors = load_yaml(path, shown, data)
        if not file_errors and kind == "areas":
            file_errors = attach_geometry_file(doc, path)
        if not file_errors:
            item, file_errors = validate_item(KINDS[kind], doc, item_id, site.languages)
            if item is not None:
                doc.data = None  # the item holds it now; the document is kept for its marks
                site.kind(kind)[item_id] = item
                site.documents[(kind, item_id)] = doc
                kept = _keeping or (cache is not None and cache.writable)
                if kept and kind != "areas":  # an area's outline: in another file
                    warnings = item_warnings(item, doc, site.languages)
                    site.untranslated[(kind, item_id)] = warnings
                    _keep(cache, key, Validated(digest, doc, item, warnings))
        if file_errors:
            site.invalid.add((kind, item_id))
        errors.extend(file_errors)


def _keep(cache: ContentCache | None, key: tuple[str, str], validated: Validated) -> None:
    if _keeping:
        _validated_now[key] = validated
    if cache is not None:
        cache.keep(key, validated)


def _bad_file_name(shown: str, stem: str) -> ContentError:
    """The file name is the item's id: say which name would do."""
    hint = "use lower-case letters, digits and single hyphens"
    if len(stem) > ID_MAX:
        hint = f"an id has at most {ID_MAX} characters, this one {len(stem)}: shorten the name"
    elif id_like(stem):
        hint = f"rename the file to {id_like(stem)}.yaml"
    return ContentError(
        shown,
        1,
        1,
        "",
        f"expected a file name that is an id (lower-case letters, digits and single hyphens, "
        f"at most {ID_MAX} characters), got {describe(stem + '.yaml')}",
        hint,
    )


def _check_analyses(site: Site, errors: list[ContentError]) -> None:
    folder = site.root / "analyses"
    for path in _files(folder) if folder.is_dir() else []:
        if path.suffix != ".md":
            continue
        analysis, file_errors = read_analysis(path, _shown(path, site.root), site.languages)
        errors.extend(file_errors)
        site.analyses.append(analysis)
        for link in analysis.links:
            kind = LINK_KINDS.get(link.kind)
            if kind is None:
                *others, last = LINK_KINDS
                hint = suggest(link.kind, list(LINK_KINDS)) or f"use {', '.join(others)} or {last}"
                errors.append(
                    ContentError(
                        analysis.path,
                        link.line,
                        link.col,
                        "",
                        f"unknown link kind '{link.kind}' in [[{link.kind}:{link.ref}]]",
                        hint,
                    )
                )
            elif link.kind == "figure":
                if problem := check_figure_link(site, analysis, link):
                    errors.append(problem)
            elif link.ref not in site.kind(kind) and (kind, link.ref) not in site.invalid:
                hint = suggest(link.ref, list(site.kind(kind)), ID_CUTOFF)
                hint = hint or f"no file {kind}/{link.ref}.yaml"
                errors.append(
                    ContentError(
                        analysis.path,
                        link.line,
                        link.col,
                        "",
                        f"unknown {link.kind} '{link.ref}' in [[{link.kind}:{link.ref}]]",
                        hint,
                    )
                )
        if analysis.meta is None:
            continue
        for kind in ("events", "places", "actors"):
            for i, ref in enumerate(getattr(analysis.meta, kind)):
                if ref not in site.kind(kind) and (kind, ref) not in site.invalid:
                    errors.append(
                        ContentError(
                            analysis.path,
                            *analysis.doc.mark((kind, i)),
                            analysis.label(kind),
                            f"unknown {kind.rstrip('s')} '{ref}'",
                            suggest(ref, list(site.kind(kind)), ID_CUTOFF)
                            or f"no file {kind}/{ref}.yaml; ids are separated by commas",
                        )
                    )
    site.analyses, site.translated_analyses, unpaired = pair_translations(
        site.analyses, site.languages[0]
    )
    errors.extend(unpaired)


def load_site(
    root: Path | str,
    languages: tuple[str, ...] | list[str] = ("en",),
    cache: ContentCache | None = None,
    sensitive_precision: float | None = None,
) -> Site:
    """Read, validate and index the content folder; raise `ContentInvalid` with every error.
    `languages` are the site's, main first (SITE_LANGUAGES). With a `cache`, files whose
    bytes it knows are not validated again, and it is updated (when writable). With a
    `sensitive_precision` (a build's), sensitive coordinates are generalised to it
    (sensitive.py) before anything is indexed."""
    # Loading makes objects that live on, hardly any garbage (build/lasting.py).
    with made_to_last():
        return _load(root, languages, cache, sensitive_precision)


def _load(
    root: Path | str,
    languages: tuple[str, ...] | list[str],
    cache: ContentCache | None,
    sensitive_precision: float | None = None,
) -> Site:
    site = Site(Path(root), tuple(languages))
    errors: list[ContentError] = []
    if not site.root.is_dir():
        raise ContentInvalid([ContentError(str(root), 1, 1, "", "content folder not found")])
    global _validated, _validated_now, _validated_languages, _changes, _listed_now, _linked
    errors.extend(check_links(site.root))
    if _changes is not None:
        _listed_now = {os.path.abspath(p) for paths in _listed.values() for p in paths}
        _linked = any(os.path.islink(path) for path in _changes)
    read: set[tuple[str, str]] | None = set() if _changes is not None else None
    try:
        for kind in KINDS:
            _read_kind(site, kind, errors, cache, read)
    finally:
        _changes = None
    _validated, _validated_now, _validated_languages = _validated_now, {}, site.languages
    if cache is not None:
        cache.save(read)  # each file's own validity: whatever the checks across files say next
    _check_analyses(site, errors)
    errors.extend(check_references(site))
    errors.extend(check_reports(site))
    errors.extend(check_media(site))
    if errors:
        raise ContentInvalid(errors)
    if sensitive_precision is not None:
        generalise(site, sensitive_precision)
    site.build_indexes()
    return site
