"""The shape of the code a newcomer relies on: small modules and functions, no globals, no
import cycles between the packages of bot/, benchmarks that stand on their own, and a README
whose map of the tree is true."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from bot.config import REPO_ROOT

BOT = REPO_ROOT / "bot"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50
# Generated or declarative: the schema in one place reads better than split.
LONG_ALLOWED = {BOT / "db" / "models.py"}


def _modules() -> Iterator[Path]:
    for path in sorted(BOT.rglob("*.py")):
        if "migrations" not in path.relative_to(BOT).parts:
            yield path


def _name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module named by an import, also inside functions and TYPE_CHECKING blocks."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _package(module: str) -> str:
    """bot.engine.flows.menu → bot.engine; bot.app → bot.app."""
    return ".".join(module.split(".")[:2])


def test_no_module_is_longer_than_300_lines() -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in _modules()
        if path not in LONG_ALLOWED
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_50_lines() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.name}"] = lines
    assert long == {}


def test_no_global_statements() -> None:
    found = [
        f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert found == []


def _package_graph() -> dict[str, set[str]]:
    known = {_package(_name(path)) for path in _modules()}
    graph: dict[str, set[str]] = {package: set() for package in known}
    for path in _modules():
        source = _package(_name(path))
        for imported in _imports(path):
            target = _package(imported)
            if target in known and target != source:
                graph[source].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            group.append(node)
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_packages_of_bot_import_each_other_without_cycles() -> None:
    graph = _package_graph()
    assert "bot.engine" in graph["bot.channels"]  # the graph is read at all
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_layers_point_one_way() -> None:
    """The engine knows no channel and no command; the outbox knows no engine; the data
    layers know neither."""
    graph = _package_graph()
    assert not graph["bot.engine"] & {"bot.channels", "bot.cli", "bot.app", "bot.outbox"}
    assert not graph["bot.outbox"] & {"bot.engine", "bot.channels", "bot.services"}
    assert not graph["bot.services"] & {"bot.engine", "bot.channels", "bot.cli", "bot.app"}
    assert not graph["bot.db"] - {"bot.config"}


def test_benchmarks_import_nothing_from_the_tests() -> None:
    offending = [
        f"{path.name}: {imported}"
        for path in sorted((REPO_ROOT / "bench").glob("*.py"))
        for imported in _imports(path)
        if imported == "tests" or imported.startswith("tests.")
    ]
    assert offending == []
    assert not [
        path.name
        for path in (REPO_ROOT / "bench").glob("*.py")
        if "sys.path" in path.read_text(encoding="utf-8")
    ]


def test_the_readme_map_names_every_package_and_only_real_paths() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    roots = "bot|dialogs|data|tests|bench|botapi_emulator"
    named = set(re.findall(rf"`((?:{roots})/[\w./-]*)`", section))
    missing = sorted(p for p in named if not (REPO_ROOT / p.rstrip("/")).exists())
    assert missing == []
    packages = {
        f"bot/{path.relative_to(BOT).parent}/"
        for path in BOT.rglob("__init__.py")
        if path.parent != BOT and "migrations" not in path.parts
    }
    unnamed = sorted(p for p in packages if not any(n.rstrip("/") == p.rstrip("/") for n in named))
    assert unnamed == []
