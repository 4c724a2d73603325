"""The packages of nexus form layers: imports only go down, so no cycle can form."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import nexus

ROOT = Path(nexus.__file__).parent


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "nexus"


def import_graph() -> dict[str, set[str]]:
    """Package -> the packages (or top-level modules) of nexus it imports."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        if module.startswith("nexus.v1"):
            continue  # generated
        source = _package(module)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("nexus.") and not name.startswith("nexus.v1"):
                    target = _package(name)
                    if target != source:
                        edges[source].add(target)
    return edges


def test_no_import_cycle_between_packages():
    edges = import_graph()
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            assert state.get(nxt) != 1, " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def test_the_layers_named_in_the_design():
    edges = import_graph()
    # The store knows nothing of its users; the core nothing of workers or the API.
    assert not edges["store"] & {"core", "egress", "notifier", "api", "app", "workers"}
    assert not edges["core"] & {"notifier", "api", "app", "workers"}
    assert not edges["notifier"] & {"core", "api", "app"}
    assert not edges["egress"] & {"core", "notifier", "api", "app", "workers", "channels"}
    assert not edges["domain"] & {"store", "core", "egress", "notifier", "api", "app"}
