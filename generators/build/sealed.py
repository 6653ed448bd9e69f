"""The one trust policy for what sitrep reads back from disk: pickles it signed itself.

A pickle runs code when it is read, and sitrep's stores lie in folders others may write to
(beside `output/`, beside the content folder, in a repository). Each store's bytes are
written `seal`ed (their HMAC-SHA256, with a secret made once per user and kept in the
user's cache folder, mode 0600; SHA-256 runs in most processors' own instructions, twice as
fast as keyed BLAKE2b over the manifest's 50 MB) and read back only when `unseal` finds that
digest: a file someone else wrote, or committed with the content, is never unpickled.
Without a usable secret nothing is kept between builds, as without a cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

SIGNATURE = 32  # bytes of the HMAC-SHA256 at the start of a sealed file


@cache  # read once per process: a build reads several stores
def machine_key() -> bytes | None:
    """This user's secret for sealing, made on first use; None when it cannot be."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "sitrep" / "cache.key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another build made it meanwhile
            machine_key.cache_clear()
            return machine_key()
        except OSError:
            return None
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except OSError:
        return None
    return key if len(key) == 32 else None


def _signer(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


def _signature(payload: bytes | memoryview, key: bytes) -> bytes:
    signer = _signer(key)
    signer.update(payload)
    return signer.digest()


def seal(payload: bytes) -> bytes | None:
    """`payload` with its signature in front; None when there is no key (keep nothing)."""
    key = machine_key()
    return None if key is None else _signature(payload, key) + payload


def unseal(sealed: bytes) -> memoryview | None:
    """The payload of what `seal` gave on this machine, or None for anything else: a view
    into `sealed`, not a copy (the manifest's payload is tens of megabytes)."""
    key = machine_key()
    if key is None or len(sealed) < SIGNATURE:
        return None
    signature, payload = sealed[:SIGNATURE], memoryview(sealed)[SIGNATURE:]
    return payload if hmac.compare_digest(signature, _signature(payload, key)) else None


def dump_sealed(value: Any, handle: BinaryIO, before: Iterable[bytes | memoryview] = ()) -> bool:
    """Pickle `value` into the file `handle` (opened for writing, at its start), after the
    byte strings `before`, sealed as `seal` would: streamed, so that neither is ever held
    in memory whole. False when there is no key (nothing is written)."""
    key = machine_key()
    if key is None:
        return False
    signer = _signer(key)

    class Signing:
        def write(self, data: bytes | memoryview) -> int:
            signer.update(data)
            return handle.write(data)

    handle.write(bytes(SIGNATURE))  # the signature's place: known once the pickle is
    signing = Signing()
    for data in before:
        signing.write(data)
    pickle.dump(value, signing, protocol=pickle.HIGHEST_PROTOCOL)
    handle.seek(0)
    handle.write(signer.digest())
    return True
