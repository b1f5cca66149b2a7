#!/usr/bin/env python3
"""The web chat widget's accessibility with axe-core (axe-selenium-python's bundled engine, run in
the page), and its phone layout, in headless Chromium against the real host binary: the shop page
with the widget closed, open on the pre-chat form, and in a conversation, on a computer and on a
390 px phone (where the panel fills the screen and the launcher hides while it is open). A serious
or critical violation fails the step.

Screenshots go to artifacts/browser/widget-a11y/NN-<state>-<size>.png; every violation found is
written to artifacts/browser/widget-a11y/violations.json.
usage: widget_a11y_test.py [--keep]
Exit status 0 when every step passed."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_script, wait_for  # noqa: E402
import widget_test  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "widget-a11y")
BUDGET_SECONDS = 150
found = {}


def check(run, state, size):
    """axe-core on the whole page, the widget's open shadow root included."""
    from axe_selenium_python import Axe
    axe = Axe(run.d)
    axe.inject()
    violations = axe.run()["violations"]
    found[f"{state}-{size}"] = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:10]} for v in violations]
    with open(os.path.join(ARTIFACTS, "violations.json"), "w") as f:
        json.dump(found, f, indent=2)
    run.shot(f"{state}-{size}")
    bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"the widget {state} at {size}: " + "; ".join(bad)


def all_steps(run):
    d = run.d

    def states(size, phone):
        def closed():
            d.delete_all_cookies()
            d.get(run.page.url)
            run.js("localStorage.clear()")
            d.get(run.page.url)
            run.find(".launcher", timeout=15)
            check(run, "closed", size)

        def prechat():
            run.find(".launcher").click()
            run.find('.prechat input[name="name"]')
            if phone:
                # Once its opening animation has run, the panel covers the visual viewport, edge to edge.
                fill = "const r = root.querySelector('.panel').getBoundingClientRect(); " \
                       "return [r.left, r.top, r.width, Math.round(r.height - window.visualViewport.height)]"
                wait_for("the panel filling the phone's screen", lambda: run.widget_js(fill) == [0, 0, 390, 0], timeout=5)
                assert not run.widget_js("const l = root.querySelector('.launcher'); return l.offsetParent !== null"), \
                    "the launcher hides while the panel is open"
            check(run, "pre-chat", size)

        def conversation():
            run.find('.prechat input[name="name"]').send_keys("Ann")
            run.find(".prechat .primary").click()
            composer = run.find("textarea")
            composer.send_keys("Is the blue kettle in stock?")
            run.find(".send").click()
            wait_for("the message in the log", lambda: "Is the blue kettle in stock?" in " ".join(run.bubbles()), timeout=15)
            check(run, "conversation", size)
        return [(f"closed-{size}", closed), (f"pre-chat-{size}", prechat), (f"conversation-{size}", conversation)]

    ok = True
    for size, (width, height), phone in (("desktop", (1280, 800), False), ("phone", (390, 844), True)):
        d.set_window_size(width, height)
        for name, fn in states(size, phone):
            if not run.step(f"widget-a11y: {name}", fn):
                ok = False
                break
    return ok


def start(stack):
    """widget_test's world (the shop page, the host with the web chat), screenshots kept here."""
    host, hint, _, make_run = widget_test.start(stack)

    def make(driver):
        run = make_run(driver)
        run.artifacts = ARTIFACTS
        return run
    return host, hint, None, make


def main():
    return run_script("browser widget a11y", ARTIFACTS, BUDGET_SECONDS, start, all_steps, window=(1280, 800))


if __name__ == "__main__":
    sys.exit(main())
