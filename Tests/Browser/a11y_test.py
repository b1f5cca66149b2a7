#!/usr/bin/env python3
"""Accessibility of the agents' app with axe-core (the engine bundled in axe-selenium-python, run
in the page: no network), in headless Chromium against the real host binary: sign-in, the inbox, a
conversation, settings and the notification centre (its panel open, with an unread entry), each at desktop (1440 px) and phone (390 px) sizes. A serious or
critical violation fails the step, listed with the elements at fault.

Screenshots go to artifacts/browser/a11y/NN-<page>-<size>.png; every violation found (any impact)
is written to artifacts/browser/a11y/violations.json.
usage: a11y_test.py [--keep]
Exit status 0 when every step passed."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402
from sla_test import EMAIL, PASSWORD, seed  # noqa: E402  (an admin, two customers with due times and topics)

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "a11y")
BUDGET_SECONDS = 150
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
found = {}


def check(run, page, size):
    """axe-core on the page as it is: serious or critical violations fail."""
    from axe_selenium_python import Axe
    axe = Axe(run.d)
    axe.inject()
    results = axe.run()
    violations = results["violations"]
    found[f"{page}-{size}"] = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:10]} for v in violations]
    with open(os.path.join(ARTIFACTS, "violations.json"), "w") as f:
        json.dump(found, f, indent=2)
    run.shot(f"{page}-{size}")
    return [f"{page} at {size}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in violations if v["impact"] in ("serious", "critical")]


def passes(bad):
    assert not bad, "; ".join(bad)


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host

    def live():
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def pages(size):
        def sign_in_page():
            d.delete_all_cookies()
            d.get(f"{host.url}/app")
            run.find("#email")
            bad = check(run, "sign-in", size)
            run.find("#email").send_keys(EMAIL)
            run.find("#password").send_keys(PASSWORD, Keys.ENTER)
            live()
            passes(bad)

        def inbox_page():
            run.js("localStorage.setItem('sb.filters', JSON.stringify({view: 'all'}))")
            d.get(f"{host.url}/app")
            live()
            run.find(".row")
            passes(check(run, "inbox", size))

        def conversation_page():
            d.get(f"{host.url}/app/c/{world['c-bo']}")
            live()
            run.find("article.msg.in")
            passes(check(run, "conversation", size))

        def notification_centre():
            # An unread entry (a mention of the signed-in admin), so the panel is checked with its items.
            ann = next(a["id"] for a in host.api("GET", "/agents")["agents"] if a["handle"] == "ann")
            host.api("POST", f"/conversations/{world['c-cy']}/comments", {"text": f"please look ({size})", "mentions": [ann]})
            d.get(f"{host.url}/app")
            live()
            wait_for("an unread notification", lambda: not run.find("#notify-count").get_attribute("hidden"))
            run.click("#notify-bell")
            wait_for("the open panel with the entry", lambda: run.find("#notify-panel").find_elements("css selector", ".notify-item.unread"))
            passes(check(run, "notification-centre", size))

        def settings_page():
            d.get(f"{host.url}/app/settings")
            live()
            run.find(".settings-pane:not(.hidden)")
            passes(check(run, "settings", size))
        return [(f"sign-in-{size}", sign_in_page), (f"inbox-{size}", inbox_page), (f"conversation-{size}", conversation_page),
                (f"notification-centre-{size}", notification_centre), (f"settings-{size}", settings_page)]

    ok = True
    for size, (width, height) in SIZES.items():
        d.set_window_size(width, height)
        for name, fn in pages(size):
            ok = run.step(name, fn) and ok
    return ok


def main():
    return run_seeded_app("browser a11y", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{EMAIL} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
