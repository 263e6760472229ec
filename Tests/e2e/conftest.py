import json
import os
import pathlib

import pytest

from harness import ROOT, Api, Proxy, Server, chromium

SHOTS = pathlib.Path(os.environ.get("E2E_SCREENSHOTS", ROOT / "data" / "e2e-screenshots"))
FIGURES = ROOT / "data" / "e2e-figures.json"


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def proxy(server):
    p = Proxy(server.port)
    yield p
    p.stop()


@pytest.fixture(scope="session")
def api(server):
    return Api(server.base)


@pytest.fixture(scope="session")
def driver():
    d = chromium()
    yield d
    d.quit()


@pytest.fixture(scope="session")
def figures():
    data = {}
    yield data
    from screens import MINOR
    data["axe_lesser_findings"] = sorted(set(MINOR))
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(data, indent=2))

