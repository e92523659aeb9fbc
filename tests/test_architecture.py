"""The dependency rule of docs/architecture.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tools" / "tsuzuri"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.add("." * node.level + (node.module or ""))
            elif node.module:
                found.add(node.module.split(".")[0])
    return found


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_only_the_cli_imports_click():
    offenders = [p.relative_to(PACKAGE).as_posix() for p in _modules() if "click" in _imports(p) and "cli" not in p.relative_to(PACKAGE).parts]
    assert offenders == []


def test_only_the_plugin_imports_mkdocs():
    offenders = [p.relative_to(PACKAGE).as_posix() for p in _modules() if "mkdocs" in _imports(p) and p.name != "mkdocs_plugin.py"]
    assert offenders == []


def test_the_model_imports_nothing_from_tsuzuri():
    imports = _imports(PACKAGE / "model.py")
    assert not any(name.startswith(".") or name == "tsuzuri" for name in imports)
