"""PMTiles files (version 3, protomaps' format), written, read and cut.

One file holds every tile; the browser reads the header, a directory and the tiles it
needs by HTTP range requests, from the site itself. sitrep writes vector tiles (MVT)
compressed with gzip: the npm `pmtiles` decoder that protomaps-leaflet uses inflates them
with the browser's DecompressionStream (or fflate where there is none). Directories and
metadata are gzip too, as pmtiles' own writer makes them.

Writing is deterministic (tiles in tile-id order, identical tiles stored once, gzip with
no time stamp) and atomic: a temporary file beside the target, renamed over it.
"""

from __future__ import annotations

import gzip
import json
import mmap
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pmtiles.tile import (
    Compression,
    Entry,
    HeaderDict,
    MagicNumberNotFound,
    SpecVersionUnsupported,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    serialize_header,
    tileid_to_zxy,
    zxy_to_tileid,
)
from pmtiles.writer import optimize_directories

from .tiles import BBox, tiles_covering

HEADER_LENGTH = 127
ROOT_MAX = 16_384 - HEADER_LENGTH  # the header and root directory fit one 16 KiB request

TileKey = tuple[int, int, int]  # (z, x, y)


class BasemapError(Exception):
    """Raised by the readers and writers of `generators.geo` on a file they cannot use
    (missing, unreadable, not of its kind, corrupt); the message names the file and says
    what was wrong, in one line."""


@dataclass(frozen=True)
class BasemapInfo:
    """What a basemap's header and metadata say: the area its tiles cover, where a map
    opens, its zooms, the attribution a map drawing it must show, and the metadata."""

    bounds: BBox
    center: tuple[float, float]  # lon, lat
    center_zoom: int
    min_zoom: int
    max_zoom: int
    attribution: str  # plain text (any HTML of a cut file's metadata taken out)
    tile_type: str  # "mvt" for a vector basemap
    tile_compression: str  # "gzip" or "none" ("brotli", "zstd": not readable here)
    tiles: int  # tiles addressed
    metadata: Mapping[str, Any] = field(default_factory=dict)


def write(
    path: Path,
    tiles: Mapping[TileKey, bytes],
    *,
    bounds: BBox,
    min_zoom: int,
    max_zoom: int,
    metadata: Mapping[str, Any],
    compression: Compression = Compression.GZIP,
    compressed: bool = False,
    tile_type: TileType = TileType.MVT,
    center_zoom: int | None = None,
) -> int:
    """Write `tiles` (their bytes compressed with `compression` here, or already so when
    `compressed`) to `path`, atomically; return the file's size. Empty tiles are left
    out (a reader takes a missing tile for an empty one)."""
    if not tiles:
        raise BasemapError(f"{path}: no tile to write: no source has data in the area")
    entries: list[Entry] = []
    offsets: dict[bytes, int] = {}
    data = bytearray()
    for tile_id, raw in sorted((zxy_to_tileid(*key), raw) for key, raw in tiles.items()):
        if not compressed and compression == Compression.GZIP:
            raw = gzip.compress(raw, compresslevel=9, mtime=0)
        offset = offsets.get(raw)
        last = entries[-1] if entries else None
        if offset is None:
            offset = offsets[raw] = len(data)
            data += raw
        elif (
            last is not None and last.offset == offset and last.tile_id + last.run_length == tile_id
        ):
            last.run_length += 1
            continue
        entries.append(Entry(tile_id, offset, len(raw), 1))
    root, leaves, _ = optimize_directories(entries, ROOT_MAX)
    meta = gzip.compress(json.dumps(metadata, sort_keys=True, ensure_ascii=False).encode(), mtime=0)
    center_zoom = min_zoom if center_zoom is None else center_zoom
    header: HeaderDict = {
        "version": 3,
        "root_offset": HEADER_LENGTH,
        "root_length": len(root),
        "metadata_offset": HEADER_LENGTH + len(root),
        "metadata_length": len(meta),
        "leaf_directory_offset": HEADER_LENGTH + len(root) + len(meta),
        "leaf_directory_length": len(leaves),
        "tile_data_offset": HEADER_LENGTH + len(root) + len(meta) + len(leaves),
        "tile_data_length": len(data),
        "addressed_tiles_count": len(tiles),
        "tile_entries_count": len(entries),
        "tile_contents_count": len(offsets),
        "clustered": True,
        "internal_compression": Compression.GZIP,
        "tile_compression": compression,
        "tile_type": tile_type,
        "min_zoom": min_zoom,
        "max_zoom": max_zoom,
        "min_lon_e7": round(bounds.west * 1e7),
        "min_lat_e7": round(bounds.south * 1e7),
        "max_lon_e7": round(bounds.east * 1e7),
        "max_lat_e7": round(bounds.north * 1e7),
        "center_zoom": max(min_zoom, min(max_zoom, center_zoom)),
        "center_lon_e7": round((bounds.west + bounds.east) / 2 * 1e7),
        "center_lat_e7": round((bounds.south + bounds.north) / 2 * 1e7),
    }
    body = serialize_header(header) + root + meta + leaves + bytes(data)
    _replace(Path(path), body)
    return len(body)


def _replace(path: Path, body: bytes) -> None:
    """`body` into `path` through a temporary file beside it and a rename: a reader (or a
    failed write) never sees half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Archive:
    """A PMTiles file open for reading. Directories are read once each."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            with open(self.path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size < HEADER_LENGTH:
                    raise BasemapError(f"{self.path}: not a PMTiles file (too short)")
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            raise BasemapError(f"{self.path}: no such file") from None
        except IsADirectoryError:
            raise BasemapError(f"{self.path}: a folder, not a PMTiles file") from None
        except PermissionError:
            raise BasemapError(f"{self.path}: not readable (permission denied)") from None
        try:
            self.header = deserialize_header(self._map[:HEADER_LENGTH])
        except MagicNumberNotFound:
            raise BasemapError(f"{self.path}: not a PMTiles file") from None
        except SpecVersionUnsupported:
            raise BasemapError(
                f"{self.path}: a PMTiles file of a version other than 3 (convert it with "
                "the pmtiles tool's `convert`)"
            ) from None
        except ValueError as exc:  # an unknown compression or tile type
            raise BasemapError(f"{self.path}: a corrupt PMTiles header ({exc})") from None
        end = self.header["tile_data_offset"] + self.header["tile_data_length"]
        if end > size:
            raise BasemapError(f"{self.path}: a truncated PMTiles file ({size} of {end} bytes)")
        self._directory = lru_cache(maxsize=256)(self._read_directory)

    def close(self) -> None:
        self._map.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bytes(self, offset: int, length: int) -> bytes:
        return self._map[offset : offset + length]

    def _read_directory(self, offset: int, length: int) -> list[Entry]:
        try:
            return deserialize_directory(self._bytes(offset, length))
        except (OSError, EOFError, zlib.error) as exc:
            raise BasemapError(f"{self.path}: a corrupt PMTiles directory ({exc})") from None

    def metadata(self) -> dict[str, Any]:
        h = self.header
        raw = self._bytes(h["metadata_offset"], h["metadata_length"])
        try:
            if h["internal_compression"] == Compression.GZIP:
                raw = gzip.decompress(raw)
            loaded = json.loads(raw) if raw else {}
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            raise BasemapError(f"{self.path}: corrupt PMTiles metadata ({exc})") from None
        return loaded if isinstance(loaded, dict) else {}

    def raw_tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes as stored (compressed as the header says), or None."""
        h = self.header
        if z < h["min_zoom"] or z > h["max_zoom"]:
            return None
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = h["root_offset"], h["root_length"]
        for _depth in range(4):
            entry = find_tile(self._directory(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length > 0:
                return self._bytes(h["tile_data_offset"] + entry.offset, entry.length)
            offset, length = h["leaf_directory_offset"] + entry.offset, entry.length
        raise BasemapError(f"{self.path}: PMTiles directories nested too deep")

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes, uncompressed, or None when the file has no such tile."""
        raw = self.raw_tile(z, x, y)
        if raw is None:
            return None
        compression = self.header["tile_compression"]
        if compression in (Compression.NONE, Compression.UNKNOWN):
            return raw
        if compression == Compression.GZIP:
            try:
                return gzip.decompress(raw)
            except (OSError, EOFError, zlib.error) as exc:
                raise BasemapError(f"{self.path}: a corrupt tile {z}/{x}/{y} ({exc})") from None
        raise BasemapError(
            f"{self.path}: tiles compressed with {compression.name.lower()}, which sitrep "
            "cannot read (use a build with gzip or no compression)"
        )

    def tile_ids(self) -> Iterator[int]:
        """Every addressed tile id, in order."""
        h = self.header

        def walk(offset: int, length: int) -> Iterator[int]:
            for entry in self._directory(offset, length):
                if entry.run_length:
                    yield from range(entry.tile_id, entry.tile_id + entry.run_length)
                else:
                    yield from walk(h["leaf_directory_offset"] + entry.offset, entry.length)

        return walk(h["root_offset"], h["root_length"])

    def info(self) -> BasemapInfo:
        h = self.header
        metadata = self.metadata()
        return BasemapInfo(
            bounds=BBox(
                h["min_lon_e7"] / 1e7,
                h["min_lat_e7"] / 1e7,
                h["max_lon_e7"] / 1e7,
                h["max_lat_e7"] / 1e7,
            ),
            center=(h["center_lon_e7"] / 1e7, h["center_lat_e7"] / 1e7),
            center_zoom=h["center_zoom"],
            min_zoom=h["min_zoom"],
            max_zoom=h["max_zoom"],
            attribution=plain_text(str(metadata.get("attribution", ""))),
            tile_type=h["tile_type"].name.lower(),
            tile_compression=h["tile_compression"].name.lower(),
            tiles=h["addressed_tiles_count"],
            metadata=metadata,
        )


def read_info(path: Path | str) -> BasemapInfo:
    """A basemap's bounds, centre, zooms and attribution (raises `BasemapError`)."""
    with Archive(path) as archive:
        return archive.info()


def cut(
    source: Path | str, out: Path | str, bbox: BBox, min_zoom: int, max_zoom: int
) -> tuple[int, BasemapInfo]:
    """Every tile of `source` that meets `bbox`, at the zooms of both [min_zoom, max_zoom]
    and the source's, written to `out` with the source's metadata, compression and tile
    type (tiles copied byte for byte). Returns the size written and the new file's info."""
    with Archive(source) as archive:
        h = archive.header
        low, high = max(min_zoom, h["min_zoom"]), min(max_zoom, h["max_zoom"])
        if low > high:
            raise BasemapError(
                f"{source}: has zooms {h['min_zoom']}-{h['max_zoom']}, none of "
                f"{min_zoom}-{max_zoom}"
            )
        info = archive.info()
        area = _intersection(bbox, info.bounds)
        if area is None:
            raise BasemapError(f"{source}: covers {_bbox_text(info.bounds)}, not the area asked")
        tiles = {}
        for z in range(low, high + 1):
            for x, y in tiles_covering(area, z):
                raw = archive.raw_tile(z, x, y)
                if raw:
                    tiles[(z, x, y)] = raw
        metadata = dict(info.metadata)
        size = write(
            Path(out),
            tiles,
            bounds=area,
            min_zoom=low,
            max_zoom=high,
            metadata=metadata,
            compression=h["tile_compression"],
            compressed=True,
            tile_type=h["tile_type"],
            center_zoom=h["center_zoom"],
        )
    return size, read_info(out)


def _intersection(a: BBox, b: BBox) -> BBox | None:
    west, south = max(a.west, b.west), max(a.south, b.south)
    east, north = min(a.east, b.east), min(a.north, b.north)
    return BBox(west, south, east, north) if west < east and south < north else None


def _bbox_text(b: BBox) -> str:
    return f"{b.west:.4f},{b.south:.4f},{b.east:.4f},{b.north:.4f}"


def zooms_of(tile_ids: Iterable[int]) -> list[int]:
    return sorted({tileid_to_zxy(t)[0] for t in tile_ids})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """An attribution's text without its markup: '<a href=...>© OpenStreetMap</a>' is
    '© OpenStreetMap' (a map escapes it and shows it as text)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
