"""JSON Schema of every content kind, generated from the pydantic models that validate it.

Editors with a YAML language server (VS Code's YAML extension, Neovim, Helix, JetBrains)
read these files to complete field names and flag mistakes while an author types. The
models parse YAML text through BeforeValidators, so each author-facing type in schema.py
declares what it accepts as YAML (`_json(...)`): dates are strings of format date, counts
are integers, ranges are a number or {min, max}. `sitrep validate` stays the authority:
the schema cannot check references between files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .schema import KINDS, singular

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schema"


def file_name(kind: str) -> str:
    """'events' -> 'event.schema.json'."""
    return f"{singular(kind)}.schema.json"


def kind_schema(kind: str, base: str = "") -> dict[str, Any]:
    """The JSON Schema of one content kind's YAML files."""
    model = KINDS[kind]
    generated = model.model_json_schema(mode="validation")
    head: dict[str, Any] = {"$schema": DRAFT}
    if base:
        head["$id"] = f"{base}/{SCHEMA_FOLDER}/{file_name(kind)}"
    head["title"] = f"sitrep {singular(kind)}"
    head["description"] = (
        f"One {singular(kind)} of the sitrep format: content/{kind}/<id>.yaml, "
        "the file name being the id. See docs/content-format.md in sitrep."
    )
    generated.pop("title", None)
    generated.pop("description", None)
    return {**head, **generated}


def schema_files(base: str = "") -> dict[str, dict[str, Any]]:
    """File name -> schema, for every kind in KINDS (whatever kinds exist at run time)."""
    return {file_name(kind): kind_schema(kind, base) for kind in KINDS}


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas (without $id) into a folder of the project, for editors."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schema_files().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(path)
    return written


def modeline(kind: str, yaml_file: Path, project: Path) -> str:
    """The first line of a new content file: tells the editor where its schema is, as a
    path relative to the file, so that it works offline and without a build."""
    schema = project / SCHEMA_FOLDER / file_name(kind)
    relative = Path(os.path.relpath(schema, yaml_file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"
