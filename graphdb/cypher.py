"""Cypher lives in `cypher/*.cypher`, the same text Neo4j Browser runs; Python loads it by name."""

import re
from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
_STATEMENT_END = re.compile(r";\s*$", re.MULTILINE)


@cache
def cypher(name: str) -> str:
    """The text of `cypher/<name>.cypher` (one statement), comments included; raises if unknown."""
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise FileNotFoundError(f"no Cypher file named {name!r} in {CYPHER_DIR}")
    text = path.read_text(encoding="utf-8").strip()
    return text.removesuffix(";").strip()


@cache
def statements(name: str) -> tuple[str, ...]:
    """A multi-statement file split at each `;` that ends a line; comment-only parts dropped."""
    parts = _STATEMENT_END.split(cypher(name) + ";")
    return tuple(p.strip() for p in parts if _has_code(p))


def _has_code(part: str) -> bool:
    return any(line.strip() and not line.strip().startswith("//") for line in part.splitlines())
