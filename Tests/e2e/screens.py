"""Screenshots at phone and desktop sizes, and axe-core on every screen."""
import base64
import os
import pathlib

from axe_selenium_python import Axe

from harness import ROOT

SHOTS = pathlib.Path(os.environ.get("E2E_SCREENSHOTS", ROOT / "data" / "e2e-screenshots"))
SIZES = {"phone": (360, 740, True), "desktop": (1280, 900, False)}
BLOCKING = {"serious", "critical"}
MINOR = []  # lesser findings of every screen, printed at the end of the run


def viewport(driver, width, height, mobile):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def check_screen(driver, name):
    """Runs axe at both sizes and saves both screenshots (whole page); fails on serious or
    critical findings. Returns the lesser findings, which are reported, not fatal."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    minor = []
    try:
        for label, (w, h, mobile) in SIZES.items():
            viewport(driver, w, h, mobile)
            driver.execute_script("window.scrollTo(0, 0)")
            axe = Axe(driver)
            axe.inject()
            results = axe.run()
            bad = [v for v in results["violations"] if v.get("impact") in BLOCKING]
            assert not bad, f"{name} ({label}): " + "; ".join(
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)
            minor += [f"{name}/{label}: {v['id']} ({v.get('impact')})" for v in results["violations"]]
            MINOR.extend(minor[-len(results["violations"]):] if results["violations"] else [])
            # No horizontal scrolling of the page itself at 360 px (tables scroll inside their own box).
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} ({label}) is {overflow} px wider than the screen"
            full = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 5000)")
            viewport(driver, w, max(h, full), mobile)
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            (SHOTS / f"{name}-{label}.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return minor
