"""Which research-registry (ROR) records the directory takes, and as which kind.

The mapping is data, not code: `data/registry_kinds.json` beside this module says it in one
place, for a reader and for the tests. Hospitals, museums, archives and libraries are not IT
cooperation partners, so they are skipped on load, and `excluded_registry_records` finds the
ones an earlier load brought in.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from silkbridge.directory.models import OrganisationKind

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "registry_kinds.json"


@dataclass(frozen=True)
class Rule:
    """Gives `kind` (None: skip the record) when `pattern` matches the name, or always."""

    kind: str | None
    pattern: re.Pattern[str] | None = None

    def applies(self, name: str) -> bool:
        return self.pattern is None or bool(self.pattern.search(name))


@dataclass(frozen=True)
class RegistryMapping:
    excluded: re.Pattern[str]
    types: dict[str, tuple[Rule, ...]]
    unlisted_type: str
    type_sectors: dict[str, str]

    def kind(self, types: list[str], name: str) -> str | None:
        """The directory kind of a record with these ROR types, or None to skip it."""
        if self.excluded.search(name):
            return None
        first = types[0] if types else self.unlisted_type
        rules = self.types.get(first) or self.types[self.unlisted_type]
        for rule in rules:
            if rule.applies(name):
                return rule.kind
        return None

    def sector(self, types: list[str]) -> str | None:
        """The sector slug a record's first type implies, if any."""
        return self.type_sectors.get(types[0]) if types else None


def parse_mapping(data: dict) -> RegistryMapping:
    """Check and compile the mapping; a name of an unknown pattern or kind is a ValueError."""
    patterns = {key: re.compile(value, re.IGNORECASE) for key, value in data["patterns"].items()}
    kinds = set(OrganisationKind.values)

    def rule(entry: dict) -> Rule:
        kind = entry["kind"]
        if kind is not None and kind not in kinds:
            raise ValueError(f"Unknown kind {kind!r} in the registry mapping")
        name = entry.get("name")
        if name is not None and name not in patterns:
            raise ValueError(f"Unknown pattern {name!r} in the registry mapping")
        return Rule(kind=kind, pattern=patterns[name] if name else None)

    types = {key: tuple(rule(entry) for entry in rules) for key, rules in data["types"].items()}
    unlisted = data["unlisted_type"]
    if unlisted not in types:
        raise ValueError(f"The unlisted type {unlisted!r} has no rules")
    return RegistryMapping(
        excluded=patterns[data["excluded_names"]],
        types=types,
        unlisted_type=unlisted,
        type_sectors=dict(data.get("type_sectors", {})),
    )


@cache
def registry_mapping() -> RegistryMapping:
    """The mapping shipped with the code, read once."""
    with MAPPING_FILE.open(encoding="utf-8") as handle:
        return parse_mapping(json.load(handle))


def ror_kind(types: list[str], name: str) -> str | None:
    """The directory kind for a ROR record, or None for a body the directory does not take."""
    return registry_mapping().kind(types, name)
