"""deploy/prometheus and deploy/grafana: rules promtool would accept, PromQL that parses, and
only the metrics (and labels) that nexus, Prometheus and Envoy expose."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import promql_parser as pq
import pytest
import yaml
from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase

import nexus.metrics as catalogue

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yaml"
SCRAPE = ROOT / "deploy" / "prometheus" / "prometheus.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "nexus.json"

# Series from outside the process's registry, with their labels: Prometheus' `up`, and what
# Envoy's admin /stats/prometheus exposes for the `nexus` cluster and the `ingress` listener.
CLUSTER = {"envoy_cluster_name"}
INGRESS = {"envoy_http_conn_manager_prefix"}
EXTERNAL = {
    "up": set(),
    "envoy_cluster_membership_healthy": CLUSTER,
    "envoy_cluster_membership_total": CLUSTER,
    "envoy_cluster_upstream_rq_total": CLUSTER,
    "envoy_cluster_upstream_rq_time_bucket": CLUSTER | {"le"},
    "envoy_http_downstream_rq_total": INGRESS,
    "envoy_http_downstream_rq_xx": INGRESS | {"envoy_response_code_class"},
}
# Labels Prometheus attaches to every series it scrapes.
TARGET_LABELS = {"job", "instance"}
SCRAPE_JOBS = {"nexus-server", "nexus-notifier", "envoy"}
# The series a family of each type exposes.
SUFFIXES = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "info": ("_info",),
}
# Prometheus' duration syntax (model.ParseDuration): each unit at most once, largest first.
DURATION = re.compile(r"^(0|(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
CAMEL_CASE = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$")
# Grafana's variables: $name, ${name} or ${name:format}.
VARIABLE = re.compile(r"\$(?:\{(\w+)(?::\w+)?\}|(\w+))")
INTERVALS = {"__rate_interval", "__interval", "__range"}


def exposed() -> dict[str, set[str] | None]:
    """Every series name the process exposes -> its labels (None: not known in advance)."""
    labelled = {
        m._name: set(m._labelnames)
        for m in vars(catalogue).values()
        if isinstance(m, MetricWrapperBase)
    }
    names: dict[str, set[str] | None] = {}
    for family in REGISTRY.collect():
        for suffix in SUFFIXES.get(family.type, ("",)):
            name = family.name + suffix
            if family.type == "info":  # its labels are the values set at start-up
                names[name] = None
                continue
            labels = set(labelled.get(family.name, ()))
            labels |= {k for s in family.samples if s.name == name for k in s.labels}
            names[name] = labels | ({"le"} if suffix == "_bucket" else set())
    return names


EXPOSED = exposed() | EXTERNAL


def alerts() -> dict:
    return yaml.safe_load(ALERTS.read_text())


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def panels() -> list[dict]:
    return [p for p in dashboard()["panels"] if p["type"] != "row"]


def substitute(expr: str) -> str:
    """What Grafana sends: its intervals as a duration, a variable (All) as a regex."""
    return VARIABLE.sub(lambda m: "5m" if (m[1] or m[2]) in INTERVALS else ".*", expr)


def queries() -> Iterator[tuple[str, str]]:
    for group in alerts()["groups"]:
        for rule in group["rules"]:
            yield f"{group['name']}/{rule.get('alert') or rule.get('record')}", rule["expr"]
    for panel in panels():
        for target in panel["targets"]:
            yield f"panel {panel['id']} {target['refId']}", substitute(target["expr"])


def selectors(node: pq.Expr) -> Iterator[pq.VectorSelector]:
    match node:
        case pq.VectorSelector():
            yield node
        case pq.MatrixSelector():
            yield node.vector_selector
        case pq.Call():
            for arg in node.args:
                yield from selectors(arg)
        case pq.BinaryExpr():
            yield from selectors(node.lhs)
            yield from selectors(node.rhs)
        case pq.AggregateExpr():
            yield from selectors(node.expr)
            if node.param is not None:
                yield from selectors(node.param)
        case pq.ParenExpr() | pq.UnaryExpr() | pq.SubqueryExpr():
            yield from selectors(node.expr)
        case pq.NumberLiteral() | pq.StringLiteral():
            pass
        case _:  # a node this walk would skip could hide a selector
            raise TypeError(f"unknown PromQL node {type(node).__name__}")


def metric_and_labels(selector: pq.VectorSelector) -> tuple[str | None, set[str]]:
    matchers = list(selector.matchers.matchers)
    matchers += [m for group in selector.matchers.or_matchers for m in group]
    name = selector.name or next(
        (m.value for m in matchers if m.name == "__name__" and m.op == pq.MatchOp.Equal), None
    )
    return name, {m.name for m in matchers if m.name != "__name__"}


def test_rule_file_is_valid() -> None:
    groups = alerts()["groups"]
    assert isinstance(groups, list) and groups
    names = [g["name"] for g in groups]
    assert len(names) == len(set(names)), "group names must be unique"
    seen: set[str] = set()
    for group in groups:
        assert set(group) <= {"name", "interval", "limit", "query_offset", "labels", "rules"}
        assert DURATION.match(str(group.get("interval", "0"))), group["name"]
        for rule in group["rules"]:
            assert set(rule) <= {
                *("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations")
            }, rule
            assert ("alert" in rule) != ("record" in rule), rule
            assert isinstance(rule.get("expr"), str) and rule["expr"].strip(), rule
            for key in ("labels", "annotations"):
                mapping = rule.get(key, {})
                assert all(LABEL_NAME.match(k) for k in mapping), (rule, key)
                assert all(isinstance(v, str) for v in mapping.values()), (rule, key)
            if "record" in rule:
                assert re.match(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$", rule["record"]), rule
                assert not {"for", "keep_firing_for", "annotations"} & set(rule), rule
                continue
            name = rule["alert"]
            assert CAMEL_CASE.match(name) and name not in seen, name
            seen.add(name)
            for key in ("for", "keep_firing_for"):
                assert DURATION.match(str(rule.get(key, "0"))), (name, key)
            assert rule.get("labels", {}).get("severity") in {"info", "warning", "critical"}
            assert rule.get("annotations", {}).get("summary"), name


QUERIES = list(queries())


@pytest.mark.parametrize(("where", "expr"), QUERIES, ids=[where for where, _ in QUERIES])
def test_query_parses_and_uses_exposed_metrics(where: str, expr: str) -> None:
    found = list(selectors(pq.parse(expr)))  # raises on a syntax error or unknown function
    assert found, f"{where}: no metric in {expr!r}"
    for selector in found:
        name, labels = metric_and_labels(selector)
        assert name in EXPOSED, f"{where}: {name!r} is not a metric nexus or Envoy exposes"
        known = EXPOSED[name]
        if known is not None:
            unknown = labels - known - TARGET_LABELS
            assert not unknown, f"{where}: {name} has no label {sorted(unknown)}"


def test_every_catalogue_metric_is_on_the_dashboard() -> None:
    shown = {
        metric_and_labels(s)[0]
        for p in panels()
        for t in p["targets"]
        for s in selectors(pq.parse(substitute(t["expr"])))
    }
    missing = {
        m._name
        for m in vars(catalogue).values()
        if isinstance(m, MetricWrapperBase)
        and not {m._name + suffix for suffix in SUFFIXES[m._type]} & shown
    }
    assert not missing, f"not on the dashboard: {sorted(missing)}"


def test_every_catalogue_metric_is_in_the_operations_guide() -> None:
    guide = (ROOT / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)` \| (\w+) \|", guide, re.M))
    for m in vars(catalogue).values():
        if isinstance(m, MetricWrapperBase):
            shown = m._name + {"counter": "_total", "info": "_info"}.get(m._type, "")
            assert (shown, m._type) in documented, (
                f"{shown} ({m._type}) is not in docs/operations.md"
            )


def test_dashboard_is_well_formed() -> None:
    board = dashboard()
    assert board["uid"] == "nexus-overview" and board["title"]
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    datasource = {"$datasource", "${datasource}"}
    ids = [p["id"] for p in board["panels"]]
    assert all(isinstance(i, int) for i in ids) and len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in board["panels"]:
        grid = panel["gridPos"]
        assert grid["w"] > 0 and grid["h"] > 0 and grid["x"] + grid["w"] <= 24, panel["id"]
        area = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not area & cells, f"panel {panel['id']} overlaps another"
        cells |= area
        if panel["type"] == "row":
            continue
        assert panel["type"] in {"timeseries", "stat"}, panel["id"]
        assert panel["datasource"]["uid"] in datasource, panel["id"]
        assert panel["targets"], panel["id"]
        refs = [t["refId"] for t in panel["targets"]]
        assert len(refs) == len(set(refs)), panel["id"]
        for target in panel["targets"]:
            assert target["expr"].strip() and target["refId"], panel["id"]
            assert target.get("datasource", {"uid": "$datasource"})["uid"] in datasource
            used = {m[1] or m[2] for m in VARIABLE.finditer(target["expr"])}
            assert used - INTERVALS <= set(variables), (panel["id"], used)


def test_scrape_config_names_the_rules_and_jobs() -> None:
    config = yaml.safe_load(SCRAPE.read_text())
    assert config["global"]["scrape_interval"] == "15s"
    assert "alerts.yaml" in config["rule_files"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == SCRAPE_JOBS
    assert jobs["envoy"]["metrics_path"] == "/stats/prometheus"
    assert all(job["static_configs"][0]["targets"] for job in jobs.values())
