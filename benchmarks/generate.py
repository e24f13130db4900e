"""Generate valid scenarios, reproducibly: ``python benchmarks/generate.py N [--seed S]``
writes N scenarios as JSON lines on standard output.

Each scenario names a company and a company type and knows each other key of the vocabulary
with probability one half, with values drawn from the vocabulary (free text from a small pool),
so the rules fire about as often as on real input.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

from rightsrules.vocabulary import COUNTRY_CODES, FIELDS, FieldKind

__all__ = ["scenarios"]

_TEXT = ("GSMA", "Example Association", "transparency", "labor", "child_protection", "Policy A")
_COUNTRIES = ("NG", "KE", "ZA", "US", "GB", "DE", "IN", "BR", "EG", "PS")
assert set(_COUNTRIES) <= COUNTRY_CODES


def _scalar(rng: random.Random, path: str) -> Any:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return rng.random() < 0.5
    if field.kind is FieldKind.COUNTRY:
        return rng.choice(_COUNTRIES)
    if field.kind is FieldKind.DATE:
        return f"2027-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    if field.allowed:
        return rng.choice(field.allowed)
    return rng.choice(_TEXT)


def scenarios(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` scenario mappings, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        data: dict[str, dict[str, Any]] = {
            "company": {"name": f"Company {number}", "type": _scalar(rng, "company.type")}
        }
        for path, field in FIELDS.items():
            if field.required or rng.random() < 0.5:
                continue
            section, key = path.split(".", 1)
            if field.is_list:
                size = rng.randint(0, 3)
                value: Any = list(dict.fromkeys(_scalar(rng, path) for _ in range(size)))
            else:
                value = _scalar(rng, path)
            data.setdefault(section, {})[key] = value
        yield data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = sys.stdout
    for scenario in scenarios(args.count, args.seed):
        out.write(json.dumps(scenario) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
