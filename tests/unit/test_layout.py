"""The code's own promises: one package, no path hacks, every hook documented, one mkdocs.yml."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from derechos import hooks

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sorted(p for p in (ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))


def test_the_hooks_docstring_lists_every_hook_and_only_hooks() -> None:
    documented = set(re.findall(r"`(on_[a-z_]+)`", hooks.__doc__ or ""))
    defined = {name for name, value in inspect.getmembers(hooks, inspect.isfunction)
               if name.startswith("on_") and value.__module__ == hooks.__name__}
    assert documented == defined, (f"documented {sorted(documented - defined)}, "
                                   f"undocumented {sorted(defined - documented)}")


def test_hooks_are_typed() -> None:
    for name, function in inspect.getmembers(hooks, inspect.isfunction):
        if name.startswith("on_"):
            signature = inspect.signature(function)
            assert signature.return_annotation is not inspect.Signature.empty, name
            assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values()), name


def test_no_code_changes_the_import_path() -> None:
    offenders = []
    for path in PYTHON:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", "") == "sys":
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    assert "pythonpath" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_package_imports_have_no_cycle() -> None:
    """Module-level imports between the package's modules form no cycle (function-level
    imports, used to load a module only when a command needs it, are not counted)."""
    package = ROOT / "scripts" / "derechos"
    graph: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        name = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("derechos"):
                graph[name] |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
    graph = {k: {d for d in v if d in graph and d != k} for k, v in graph.items()}
    seen: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        assert node not in stack, " -> ".join([*stack[stack.index(node):], node])
        if node in seen:
            return
        for dep in graph[node]:
            visit(dep, [*stack, node])
        seen.add(node)

    for module in graph:
        visit(module, [])


def test_the_site_package_imports_no_tool_and_no_browser() -> None:
    """What the build, the server and the checker run (scripts/derechos/) needs neither the
    maintainers' tools (derechos_tools: benchmarks, audit), nor the tests' helpers, nor a browser."""
    offenders = []
    for path in sorted((ROOT / "scripts" / "derechos").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                          if name.split(".")[0] in {"derechos_tools", "support", "playwright", "axe_playwright_python"}]
    assert offenders == []
