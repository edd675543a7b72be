"""A user's corrections of a document's agency and year, kept beside the index (not in it: the
index folder is a link swapped to a fresh build each time) so every rebuild applies them again.

The file is JSON: {doc stem: {"agency": "…", "year": 2026}}.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from core.config import Settings
from indexer.metadata import NO_AGENCY, NO_YEAR, aliases_for, detect_region
from indexer.models import Document

SUFFIX = ".overrides.json"
_YEARS = range(1949, 2101)


class OverridesError(ValueError):
    """The overrides file cannot be read: building without the user's corrections would put
    back the names they corrected."""


def overrides_path(settings: Settings, index_dir: Path | None = None) -> Path:
    """settings.overrides_file, or `<index folder>.overrides.json` beside the index link."""
    if settings.overrides_file:
        return Path(settings.overrides_file)
    index_dir = Path(index_dir or settings.index_dir).absolute()
    return index_dir.parent / f"{index_dir.name}{SUFFIX}"


def load_overrides(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OverridesError(f"overrides file {path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise OverridesError(f"overrides file {path} is not a {{doc: {{agency, year}}}} object")
    return data


def _save(path: Path, data: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)  # a reader never sees half a file


def set_override(settings: Settings, doc: str, agency: str | None = None, year: int | None = None) -> dict:
    """Record the user's agency and/or year for `doc` (None leaves a field as it is; "" for the
    agency or 0 for the year removes that correction). Takes effect at the next build, which
    re-embeds only that document's passages. Returns the document's corrections now in force."""
    path = overrides_path(settings)
    data = load_overrides(path)
    entry = dict(data.get(doc, {}))
    if agency is not None:
        agency = agency.strip()
        if agency:
            entry["agency"] = agency
        else:
            entry.pop("agency", None)
    if year is not None:
        if year == 0:
            entry.pop("year", None)
        elif int(year) in _YEARS:
            entry["year"] = int(year)
        else:
            raise ValueError(f"year {year} is out of range")
    if entry:
        data[doc] = entry
    else:
        data.pop(doc, None)
    _save(path, data)
    return entry


def apply_override(document: Document, override: dict) -> None:
    """The corrected agency (with its aliases and region) and year replace what was read, and
    the warning about not reading them goes."""
    meta = document.meta
    agency = override.get("agency")
    if isinstance(agency, str) and agency.strip():
        meta.agency = agency.strip()
        meta.aliases = aliases_for(meta.agency, document.lines)
        meta.region = detect_region(meta.agency, document.lines)
        meta.warnings = [w for w in meta.warnings if w != NO_AGENCY]
    year = override.get("year")
    if isinstance(year, int) and year in _YEARS:
        meta.year = year
        meta.warnings = [w for w in meta.warnings if w != NO_YEAR]
