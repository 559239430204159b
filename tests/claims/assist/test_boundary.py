"""Imports run one way: frontend → claims.assist → claims core → sources. Read from the source with ast,
so that an import of assist added to claims core (or of claims to sources), even one inside a function,
fails here before it makes a circle again."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FEATURES = ("assist", "digests", "tokens")


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every module a file names in an import, anywhere in it (`from claims import x` names claims.x)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _offences(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in _imported(path)
        if module.startswith(forbidden)
    ]


def test_claims_core_imports_no_feature_built_on_it() -> None:
    core = [
        path
        for path in (ROOT / "claims").rglob("*.py")
        # Migrations are history: an old one names the callables of a model that has moved since.
        if path.relative_to(ROOT / "claims").parts[0] not in (*FEATURES, "migrations")
    ]
    assert len(core) > 20  # the core's modules were found
    assert _offences(core, tuple(f"claims.{feature}" for feature in FEATURES)) == []


def test_sources_imports_nothing_of_claims_or_frontend() -> None:
    files = list((ROOT / "sources").rglob("*.py"))
    assert len(files) > 20
    assert _offences(files, ("claims", "frontend")) == []


def test_assist_imports_no_frontend() -> None:
    files = list((ROOT / "claims" / "assist").rglob("*.py"))
    assert len(files) > 20
    assert _offences(files, ("frontend",)) == []
