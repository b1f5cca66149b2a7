#!/usr/bin/env python3
"""The notification centre and read state in the agents' app (/app), in a real browser: headless
Chromium through Selenium against the real host binary.

Steps: Kim (online, in Support) signs in; two conversations assigned to her and a mention are in her
notification centre: the bell shows 3 unread and the sidebar shows unread conversations on "Mine" and
on her team; a new customer writes while she watches and the bell counts up live (the stream); she
opens one from the panel: the conversation opens, its notification and the conversation are read
(also for her other browsers: the host keeps it), and the badges count down; "Mark all read" clears the bell.

Screenshots go to artifacts/browser/notifications/NN-<step>.png.
usage: notifications_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "notifications")
KIM, PASSWORD = "kim@example.com", "correct horse battery"
BUDGET_SECONDS = 120


def seed(host):
    api = host.api
    team = api("POST", "/teams", {"name": "Support", "is_default": True})["id"]
    kim = api("POST", "/agents", {"email": KIM, "name": "Kim Park", "handle": "kim", "role": "agent", "password": PASSWORD,
                                  "availability": "online", "capacity": 10})["id"]
    api("PUT", f"/teams/{team}/members/{kim}")
    api("PUT", "/credentials/crm-key", {"secret": "crm-secret"})
    api("POST", "/channels", {"id": "crm", "plugin_id": "api", "name": "Shop app", "config": {"api_key_credential": "crm-key"}})
    first = host.customer_message("crm", "crm-secret", "ann-1", "My parcel never arrived.", name="Ann Lee")["conversation_id"]
    second = host.customer_message("crm", "crm-secret", "bo-2", "Can I change my address?", name="Bo Chen")["conversation_id"]
    wait_for("both assigned to Kim", lambda: all(api("GET", f"/conversations/{c}")["assignee"] == kim for c in (first, second)))
    api("POST", f"/conversations/{first}/comments", {"text": "@kim this one is a VIP", "mentions": [kim]})
    return {"first": first, "second": second, "kim": kim, "team": team}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host

    def badge(css):
        return run.js("const b = document.querySelector(arguments[0]); return b && !b.hidden ? Number(b.textContent) : 0", css)

    def sign_in():
        d.get(f"{host.url}/app")
        run.find("#email").send_keys(KIM)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        wait_for("3 unread on the bell", lambda: badge("#notify-count") == 3)
        wait_for("2 unread on Mine", lambda: badge("[data-view=mine] .unread-badge") == 2)
        assert badge(f"[data-team='{world['team']}'] .unread-badge") == 2

    def panel_lists_them():
        run.click("#notify-bell")
        panel = run.find("#notify-panel")
        wait_for("three entries", lambda: len(panel.find_elements("css selector", ".notify-item.unread")) == 3)
        text = panel.text
        assert "Assigned to you: Ann Lee" in text and "Assigned to you: Bo Chen" in text and "You were mentioned" in text, text
        run.shot("notification-centre")

    def live_arrival():
        third = host.customer_message("crm", "crm-secret", "cy-3", "Is the sale still on?", name="Cy Diaz")["conversation_id"]
        world["third"] = third
        wait_for("the bell counts up live", lambda: badge("#notify-count") == 4)
        wait_for("the new entry in the open panel", lambda: "Cy Diaz" in run.find("#notify-panel").text)
        wait_for("3 unread on Mine", lambda: badge("[data-view=mine] .unread-badge") == 3)

    def open_from_the_panel():
        entry = next(e for e in run.d.find_elements("css selector", "#notify-panel .notify-open") if "Bo Chen" in e.text)
        entry.click()
        wait_for("the conversation opened", lambda: f"/app/c/{world['second']}" in d.current_url)
        wait_for("3 unread on the bell", lambda: badge("#notify-count") == 3)
        wait_for("2 unread on Mine", lambda: badge("[data-view=mine] .unread-badge") == 2)
        run.shot("conversation-opened-read")

    def all_read():
        run.click("#notify-bell")
        run.click("#notify-read-all")
        wait_for("the bell cleared", lambda: badge("#notify-count") == 0)
        assert not run.d.find_elements("css selector", "#notify-panel .notify-item.unread")
        run.shot("all-read")

    steps = [("sign-in", sign_in), ("panel", panel_lists_them), ("live", live_arrival), ("open", open_from_the_panel), ("all-read", all_read)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser notifications", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{KIM} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
