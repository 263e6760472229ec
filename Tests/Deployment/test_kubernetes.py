"""Kubernetes manifests: rendered by `kubectl kustomize` for base, dev and prod, validated against a
current Kubernetes version's schemas by kubernetes-validate, and checked for the promises in
docs/deployment.md (probes, security contexts, rollout, autoscaling, network policies)."""
import shutil

import pytest
import yaml

from conftest import REPO, run, tool

KUBE = REPO / "kubernetes"
VARIANTS = ["base", "overlays/dev", "overlays/prod"]
KUBERNETES_VERSION = "1.33.0"


def render(path):
    result = run([tool("kubectl"), "kustomize", path])
    assert result.returncode == 0, result.stderr
    return result.stdout


def documents(text):
    return [doc for doc in yaml.safe_load_all(text) if doc]


def validate(path):
    return run([tool("kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSION, path])


@pytest.mark.parametrize("variant", VARIANTS)
def test_rendered_manifests_pass_kubernetes_validate(variant, workdir):
    rendered = workdir / "rendered.yaml"
    rendered.write_text(render(KUBE / variant))
    result = validate(rendered)
    assert result.returncode == 0, result.stdout + result.stderr
    # Custom resources have no upstream schema: their shape is checked below instead.
    kinds = {doc["kind"] for doc in documents(rendered.read_text())}
    assert {"Namespace", "ConfigMap", "Secret", "StatefulSet", "Job", "Deployment", "Service",
            "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy",
            "ServiceMonitor", "PrometheusRule"} <= kinds


def test_kubernetes_validate_rejects_a_broken_copy(workdir):
    docs = documents(render(KUBE / "base"))
    deployment = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "wave3")
    deployment["spec"]["replicas"] = "three"
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGetX"] = {}
    broken = workdir / "broken.yaml"
    broken.write_text(yaml.safe_dump_all(docs))
    assert validate(broken).returncode != 0


def test_kustomize_rejects_a_broken_overlay(workdir):
    copy = workdir / "kubernetes"
    shutil.copytree(KUBE, copy)
    overlay = copy / "overlays" / "prod" / "kustomization.yaml"
    overlay.write_text(overlay.read_text().replace("../../base", "../../no-such-base"))
    assert run([tool("kubectl"), "kustomize", copy / "overlays" / "prod"]).returncode != 0


def pod_specs(docs):
    for doc in docs:
        if doc["kind"] in ("Deployment", "StatefulSet"):
            yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]
        elif doc["kind"] == "Job":
            yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_container_is_locked_down(variant):
    for name, spec in pod_specs(documents(render(KUBE / variant))):
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert context["allowPrivilegeEscalation"] is False, (name, container["name"])
            assert context["capabilities"]["drop"] == ["ALL"], (name, container["name"])
            assert container["resources"]["limits"], (name, container["name"])


def test_api_rollout_probes_autoscaling_and_disruption_budget():
    docs = documents(render(KUBE / "overlays" / "prod"))
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    api = by[("Deployment", "wave3")]
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert api["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    hpa = by[("HorizontalPodAutoscaler", "wave3")]["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 10)
    assert {m["resource"]["name"] for m in hpa["metrics"]} == {"cpu", "memory"}
    assert by[("PodDisruptionBudget", "wave3")]["spec"]["minAvailable"] == 2
    assert by[("Job", "wave3-migrate")]["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    assert by[("Deployment", "wave3-worker")]["spec"]["template"]["spec"]["containers"][0]["args"] == ["worker"]
    ingress = by[("Ingress", "wave3")]
    assert ingress["spec"]["tls"] and "cert-manager.io/cluster-issuer" in ingress["metadata"]["annotations"]
    for kind, name in (("StatefulSet", "postgres"), ("StatefulSet", "rabbitmq"), ("StatefulSet", "redis")):
        assert (kind, name) in by


def test_network_policies_let_only_the_balancer_reach_the_api():
    docs = documents(render(KUBE / "base"))
    policies = {d["metadata"]["name"]: d for d in docs if d["kind"] == "NetworkPolicy"}
    assert policies["default-deny"]["spec"]["podSelector"] == {}
    api_sources = [rule["from"] for rule in policies["wave3-ingress"]["spec"]["ingress"]]
    pod_sources = [src["podSelector"]["matchLabels"] for rules in api_sources for src in rules if "podSelector" in src]
    assert pod_sources == [{"app.kubernetes.io/name": "rl-balancer"}]
    clients = {d["metadata"]["name"] for d in docs if d["kind"] in ("Deployment", "Job", "StatefulSet")
               and d["spec"]["template"]["metadata"]["labels"].get("wave3.dev/datastore-client") == "true"}
    assert clients == {"wave3", "wave3-worker", "wave3-migrate", "rl-balancer"}


def test_prometheus_rule_matches_the_compose_alerts():
    docs = documents(render(KUBE / "base"))
    rule = next(d for d in docs if d["kind"] == "PrometheusRule")
    alerts = yaml.safe_load((REPO / "deploy" / "prometheus" / "alerts.yml").read_text())
    assert rule["spec"]["groups"] == alerts["groups"]
    monitors = [d for d in docs if d["kind"] == "ServiceMonitor"]
    assert {m["metadata"]["name"] for m in monitors} == {"wave3", "rl-balancer"}
    for monitor in monitors:
        assert monitor["spec"]["endpoints"][0]["path"] == "/metrics"
