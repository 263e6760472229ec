"""The runtime image installs exactly the Debian packages that provide the shared libraries the
release binaries load: nothing missing (the container would not start), nothing extra."""
import os
import re
from pathlib import Path

import pytest

from conftest import REPO, run

RELEASE_BIN = os.environ.get("WAVE3_RELEASE_BIN_DIR")


def dockerfile_runtime_packages(text: str) -> set:
    match = re.search(r'^ARG RUNTIME_LIBRARIES="([^"]*)"', text, re.MULTILINE)
    assert match, "Dockerfile has no ARG RUNTIME_LIBRARIES line"
    return set(match.group(1).split())


def shared_libraries(binary: Path) -> set:
    result = run(["ldd", binary])
    assert result.returncode == 0, result.stderr
    paths = set()
    for line in result.stdout.splitlines():
        if "not found" in line:
            pytest.fail(f"{binary.name}: {line.strip()}")
        match = re.search(r"(/\S+) \(0x", line)
        if match:
            paths.add(os.path.realpath(match.group(1)))
    return paths


def providing_package(path: str) -> str:
    result = run(["dpkg", "-S", path])
    if result.returncode != 0:  # merged /usr: dpkg knows the /lib path
        result = run(["dpkg", "-S", path.replace("/usr/lib/", "/lib/", 1)])
    assert result.returncode == 0, f"no Debian package provides {path}: {result.stderr}"
    return result.stdout.split(":")[0].strip()


def difference(needed: set, installed: set) -> tuple:
    return needed - installed, installed - needed


def release_binaries():
    if not RELEASE_BIN:
        pytest.fail("WAVE3_RELEASE_BIN_DIR is not set (scripts/test-deploy.sh builds the release binaries)")
    binaries = [Path(RELEASE_BIN) / name for name in ("wave3", "rl-balancer")]
    for path in binaries:
        assert path.exists(), f"{path} missing"
    return binaries


def test_runtime_stage_installs_exactly_the_needed_packages():
    libraries = set().union(*(shared_libraries(b) for b in release_binaries()))
    assert not [p for p in libraries if "swift" in p], "the Swift runtime must be linked statically (--static-swift-stdlib)"
    needed = {providing_package(path) for path in libraries}
    installed = dockerfile_runtime_packages((REPO / "Dockerfile").read_text())
    missing, extra = difference(needed, installed)
    assert not missing and not extra, f"Dockerfile RUNTIME_LIBRARIES: missing {sorted(missing)}, extra {sorted(extra)}"


def test_the_comparison_catches_a_missing_and_an_extra_package():
    text = (REPO / "Dockerfile").read_text()
    installed = dockerfile_runtime_packages(text)
    assert difference(installed | {"libcurl4"}, installed) == ({"libcurl4"}, set())
    assert difference(installed, installed | {"libxml2"}) == (set(), {"libxml2"})
