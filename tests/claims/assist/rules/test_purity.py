"""The text rules stay pure: no module of claims/assist/rules imports Django, a model, claims outside the
rules package, or a sources module that is not itself pure (read from the source with ast, so an import
added later, even one inside a function, fails here before it ships)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
RULES = ROOT / "claims" / "assist" / "rules"
RULES_PACKAGE = "claims.assist.rules"
# Third-party packages that need a configured Django (or bring one in) and so may not appear at all.
FORBIDDEN_ROOTS = {"django", "rest_framework", "drf_spectacular", "celery", "frontend", "factcheck"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (relative imports resolved in `package`), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from claims import models` names a module too.
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            found.append((node.lineno, "__import__"))
    return found


def _source_file(module: str) -> Path | None:
    candidate = ROOT.joinpath(*module.split("."))
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.is_file():
            return path
    return None


def _package(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _impurities(path: Path, seen: set[Path], package: str | None = None) -> list[str]:
    """Why a module of ours is not pure: its forbidden imports, and those of the sources modules it uses."""
    seen.add(path)
    problems: list[str] = []
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for line, module in _imports(path, package or _package(path)):
        root = module.split(".")[0]
        if module == "__import__" or root == "importlib":
            problems.append(f"{where}:{line} imports by name ({module}): the imports could not be checked")
        elif root in FORBIDDEN_ROOTS:
            problems.append(f"{where}:{line} imports {module}")
        elif module.split(".")[-1] == "models" and root in {"claims", "sources"}:
            problems.append(f"{where}:{line} imports a model module ({module})")
        elif root == "claims" and not (module == RULES_PACKAGE or module.startswith(RULES_PACKAGE + ".")):
            if module not in {"claims", "claims.assist"}:
                problems.append(f"{where}:{line} imports {module}, outside the rules package")
        elif root == "sources" and module != "sources":
            source = _source_file(module)
            if source is not None and source not in seen:
                problems.extend(_impurities(source, seen))
    return problems


def _rule_modules() -> list[Path]:
    return sorted(RULES.rglob("*.py"))


def test_the_rules_package_has_its_modules() -> None:
    names = {path.stem for path in _rule_modules()}
    assert {"checkworthiness", "sentences", "quantities", "units", "names", "descriptors", "terms"} <= names
    assert {"stance", "ranking", "evaluation"} <= names


@pytest.mark.parametrize("path", _rule_modules(), ids=lambda path: path.name)
def test_a_rule_module_imports_nothing_of_django_or_the_app(path: Path) -> None:
    assert _impurities(path, set()) == []


def test_the_checker_catches_what_it_must(tmp_path: Path) -> None:
    """The walk above would see each kind of slip: a Django import inside a function, a model, claims
    core, a relative import out of the package, and a sources module that imports Django."""
    slips = {
        "from django.db import models": "imports django.db",
        "def f():\n    import django\n": "imports django",
        "from claims.models import Claim": "model",
        "from claims import scoring": "outside the rules package",
        "from ... import services": "outside the rules package",
        "from sources.services import import_document": "imports django",
    }
    for number, (code, why) in enumerate(slips.items()):
        path = tmp_path / f"slip_{number}.py"
        path.write_text(code + "\n", encoding="utf-8")
        problems = _impurities(path, set(), RULES_PACKAGE)
        assert any(why in problem for problem in problems), (code, problems)


def test_the_rules_load_without_django() -> None:
    """Importing every rule module in a fresh interpreter brings no Django module along."""
    modules = [_module_name(path) for path in _rule_modules()]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework', 'celery'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
