"""Prometheus configuration, alert rules and their unit tests against promtool."""
import shutil

import yaml

from conftest import REPO, run, tool

PROM = REPO / "deploy" / "prometheus"


def config_copy(workdir):
    """The compose config with the admin-token credentials file pointed at a real file, so that
    `promtool check config` can run its full check (it stats credentials files)."""
    target = workdir / "prometheus"
    shutil.copytree(PROM, target)
    token = workdir / "token"
    token.write_text("test-token\n")
    config = target / "prometheus.yml"
    config.write_text(config.read_text().replace("/run/secrets/balancer_admin_token", str(token)))
    return target


def test_prometheus_config_and_rules_pass_promtool(workdir):
    target = config_copy(workdir)
    result = run([tool("promtool"), "check", "config", target / "prometheus.yml"])
    assert result.returncode == 0, result.stdout + result.stderr
    result = run([tool("promtool"), "check", "rules", PROM / "alerts.yml"])
    assert result.returncode == 0, result.stdout + result.stderr
    alerts = {rule["alert"] for group in yaml.safe_load((PROM / "alerts.yml").read_text())["groups"] for rule in group["rules"]}
    assert {"Wave3HighErrorRate", "Wave3HighLatencyP99", "Wave3ReplicaDown", "QueueBacklog",
            "BalancerLimiterRejections", "BalancerAnomalyRate"} <= alerts


def test_alert_unit_tests_pass():
    result = run([tool("promtool"), "test", "rules", "tests/alerts.test.yml"], cwd=PROM)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_unit_test_and_a_runbook():
    alerts = [rule for group in yaml.safe_load((PROM / "alerts.yml").read_text())["groups"] for rule in group["rules"]]
    tested = {case["alertname"] for test in yaml.safe_load((PROM / "tests" / "alerts.test.yml").read_text())["tests"]
              for case in test.get("alert_rule_test", [])}
    operations = (REPO / "docs" / "operations.md").read_text().lower()
    for rule in alerts:
        assert rule["alert"] in tested, f"{rule['alert']} has no promtool unit test"
        anchor = rule["annotations"]["runbook"].split("#")[1]
        assert f"### {rule['alert'].lower()}" in operations, f"docs/operations.md has no section for {anchor}"


def test_promtool_rejects_broken_copies(workdir):
    broken_rules = workdir / "alerts.yml"
    broken_rules.write_text((PROM / "alerts.yml").read_text().replace("> 0.02", "> > 0.02", 1))
    assert run([tool("promtool"), "check", "rules", broken_rules]).returncode != 0

    target = config_copy(workdir)
    config = target / "prometheus.yml"
    config.write_text(config.read_text().replace("scrape_interval: 15s", "scrape_interval: fifteen"))
    assert run([tool("promtool"), "check", "config", config]).returncode != 0

    # A unit test that expects the wrong labels must fail, or the alert tests prove nothing.
    tests = target / "tests" / "alerts.test.yml"
    tests.write_text(tests.read_text().replace("queue: async_tasks}", "queue: analytics_events}"))
    assert run([tool("promtool"), "test", "rules", "tests/alerts.test.yml"], cwd=target).returncode != 0
