"""The code's own promises: one package, no path hacks, a thin MkDocs adapter with every event
documented, imports one way, no module state, one mkdocs.yml."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from derechos.mkdocs_plugin import DerechosPlugin

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sorted(p for p in (ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))


def test_the_plugin_docstring_lists_every_event_and_only_events() -> None:
    from derechos import mkdocs_plugin

    documented = set(re.findall(r"`(on_[a-z_]+)`", mkdocs_plugin.__doc__ or ""))
    defined = {name for name, _ in inspect.getmembers(DerechosPlugin, inspect.isfunction)
               if name.startswith("on_") and name in DerechosPlugin.__dict__}
    assert documented == defined, (f"documented {sorted(documented - defined)}, "
                                   f"undocumented {sorted(defined - documented)}")


def test_events_are_typed() -> None:
    for name, function in inspect.getmembers(DerechosPlugin, inspect.isfunction):
        if name.startswith("on_") and name in DerechosPlugin.__dict__:
            signature = inspect.signature(function)
            assert signature.return_annotation is not inspect.Signature.empty, name
            assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values()
                       if p.name != "self"), name


def test_at_most_three_files_import_mkdocs() -> None:
    """The MkDocs adapter is thin: the rules, the blocks, the staging and the publish step
    run without it (a second engine needs none of them changed)."""
    importers = []
    for path in sorted((ROOT / "scripts" / "derechos").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "mkdocs" or n.startswith(("mkdocs.", "material")) for n in names):
                importers.append(path.relative_to(ROOT).as_posix())
                break
    assert len(importers) <= 3, importers
    assert "scripts/derechos/mkdocs_plugin.py" in importers


def test_no_build_module_keeps_state_in_a_global() -> None:
    """A build's state lives in its objects (derechos.context.Build, the plugin's instance).
    The checker's pass over the site (check/site.py) is the one exception: its forked
    worker processes inherit the site's file list from a module variable instead of
    receiving it pickled with every batch of pages."""
    offenders = [path.relative_to(ROOT).as_posix() for path in (ROOT / "scripts" / "derechos").rglob("*.py")
                 if any(isinstance(node, ast.Global) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert offenders == ["scripts/derechos/check/site.py"]


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
    """Imports between the package's modules form no cycle, those inside functions (a module
    loaded only when a command needs it) included; only `if TYPE_CHECKING:` ones are not counted."""
    package = ROOT / "scripts" / "derechos"
    graph: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        name = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set()
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("derechos"):
                graph[name] |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name.startswith("derechos")}
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
