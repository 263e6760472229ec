"""Grafana provisioning: the dashboards parse, and every metric they query is one the services
really export (scraped from a running wave3 and rl-balancer) or a named external exporter's."""
import json
import re
import urllib.request

import pytest
import yaml

from conftest import REPO, http_status
from stack import ADMIN_TOKEN, start_replicas_and_balancer

GRAFANA = REPO / "deploy" / "grafana"
# Series that come from Prometheus itself or from RabbitMQ's own exporter, not from our code.
EXTERNAL = {"up"}
EXTERNAL_PREFIXES = ("rabbitmq_",)
PROMQL_WORDS = {
    "sum", "avg", "min", "max", "count", "rate", "irate", "increase", "by", "without", "on", "ignoring",
    "histogram_quantile", "clamp_min", "clamp_max", "abs", "and", "or", "unless", "offset", "bool",
    "topk", "bottomk", "delta", "deriv", "time", "vector", "scalar", "label_replace", "sort", "le",
}


def metric_names(expr: str) -> set:
    text = re.sub(r'"[^"]*"', "", expr)              # label values and strings
    text = re.sub(r"\{[^}]*\}", "", text)            # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)           # range selectors
    text = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", text)
    tokens = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", text))
    return {t for t in tokens if t not in PROMQL_WORDS and not re.fullmatch(r"e\d*", t)}


def dashboards():
    return sorted((GRAFANA / "dashboards").glob("*.json"))


def queried_metrics(dashboard: dict) -> set:
    names = set()
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            names |= metric_names(target["expr"])
    return names


def unknown_metrics(names: set, exported: set) -> set:
    return {n for n in names if n not in exported and n not in EXTERNAL and not n.startswith(EXTERNAL_PREFIXES)}


def exported_names(text: str) -> set:
    return {line.split("{")[0].split(" ")[0] for line in text.splitlines() if line and not line.startswith("#")}


def scrape(url: str, token: str = None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.read().decode()


def test_provisioning_files_parse():
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert datasource["datasources"][0]["type"] == "prometheus"
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "wave3.yml").read_text())
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
    assert len(dashboards()) >= 2
    for path in dashboards():
        dashboard = json.loads(path.read_text())
        assert dashboard["uid"] and dashboard["panels"], path.name
        ids = [panel["id"] for panel in dashboard["panels"]]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate panel ids"


def test_metric_extraction_catches_an_invented_metric():
    names = metric_names('histogram_quantile(0.99, sum by (le) (rate(wave3_invented_seconds_bucket{job="x"}[5m])))')
    assert names == {"wave3_invented_seconds_bucket"}
    assert unknown_metrics(names, {"http_server_request_duration_bucket"}) == {"wave3_invented_seconds_bucket"}


def test_dashboards_query_only_metrics_the_services_export(workdir, processes):
    stack = start_replicas_and_balancer(processes, workdir)
    base = f"http://127.0.0.1:{stack['balancer']}"
    for path in ("/api/v1/lessons?limit=2", "/api/v1/lessons/no-such-lesson", "/health/live"):
        http_status(base + path)
    exported = exported_names(scrape(f"http://127.0.0.1:{stack['replicas'][0]}/metrics"))
    exported |= exported_names(scrape(f"http://127.0.0.1:{stack['admin']}/metrics", ADMIN_TOKEN))
    assert "http_server_request_duration_bucket" in exported and "balancer_upstream_requests_total" in exported
    for path in dashboards():
        missing = unknown_metrics(queried_metrics(json.loads(path.read_text())), exported)
        assert not missing, f"{path.name} queries metrics nobody exports: {sorted(missing)}"
    alerts = yaml.safe_load((REPO / "deploy" / "prometheus" / "alerts.yml").read_text())
    for group in alerts["groups"]:
        for rule in group["rules"]:
            missing = unknown_metrics(metric_names(rule["expr"]), exported)
            assert not missing, f"alert {rule['alert']} uses metrics nobody exports: {sorted(missing)}"
