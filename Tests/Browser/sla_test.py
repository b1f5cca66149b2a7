#!/usr/bin/env python3
"""Service-level targets and triage in the inbox (/app), in a real browser: headless Chromium
through Selenium against the real host binary with the API channel.

Steps: sign in; the inbox shows each conversation's due time under its service-level policy and
the topic triage gave it, and filters by topic; on a 390 px phone, a conversation opens full screen
and a reply typed in the composer is sent (the due time leaves it); the details open as a sheet,
where the agent corrects the topic (the customer's message becomes an example phrase).

Screenshots go to artifacts/browser/sla/NN-<step>.png.
usage: sla_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "sla")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
BUDGET_SECONDS = 120


def seed(host):
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    api("PUT", "/credentials/api-key", {"secret": "integrator-secret"})
    api("POST", "/channels", {"id": "api1", "plugin_id": "api", "name": "Shop API", "config": {"api_key_credential": "api-key"}})
    api("POST", "/sla/policies", {"name": "Everyone", "first_response_minutes": 90, "next_response_minutes": 60,
                                  "resolution_minutes": 480, "at_risk_minutes": 15})
    api("PUT", "/triage", {"threshold": 0.3, "topics": [
        {"name": "billing", "examples": ["I was charged twice", "please refund my payment", "my invoice is wrong", "the card payment failed"]},
        {"name": "shipping", "examples": ["where is my parcel", "the delivery is late", "tracking number does not work", "package arrived damaged"]}]})
    ids = {}
    for external, name, text in (("c-bo", "Bo Park", "I was charged twice, please refund the payment"),
                                 ("c-cy", "Cy Diaz", "Where is my parcel? The delivery is late")):
        status, body = host.request("POST", "/hooks/api1/messages", {"external_id": external, "message_id": str(uuid.uuid4()), "text": text,
                                                                     "name": name}, key="integrator-secret")
        assert status in (200, 201), body
        ids[external] = body["conversation_id"]
    return ids


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    d, host = run.d, run.host

    def sign_in():
        d.get(f"{host.url}/app")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def due_and_topic_in_inbox():
        run.js("localStorage.removeItem('sb.filters')")
        run.js("document.querySelector('[data-view=\"all\"]')?.click()")
        rows = wait_for("both rows with their due time", lambda: (lambda r: r if len(r) == 2 else None)(
            d.find_elements("css selector", ".row .pill.due")))
        assert all("Due in 1h" in r.text for r in rows), [r.text for r in rows]
        assert all("First answer due" in r.get_attribute("title") for r in rows), [r.get_attribute("title") for r in rows]
        topics = sorted(e.text for e in d.find_elements("css selector", ".row .pill.topic"))
        assert topics == ["billing", "shipping"], topics
        run.shot("due-and-topic-in-inbox")
        run.click("#topic-filter")
        run.click('.menu-item[data-value="billing"]')
        wait_for("only the billing conversation", lambda: [e.get_attribute("data-id") for e in d.find_elements("css selector", ".row")] == [world["c-bo"]])
        run.shot("filtered-by-topic")
        run.click("#topic-filter")
        run.click('.menu-item[data-value=""]')
        # Sorted by the nearer of the two dues (the answers', due in 1h30, before the resolutions', in 8h).
        run.click("#inbox-sort")
        run.click('.menu-item[data-value="next_due"]')
        wait_for("the next-due order", lambda: "Next due first" in run.find("#inbox-sort").text)
        rows = d.find_elements("css selector", ".row")
        assert len(rows) == 2 and all("Due in 1h" in r.text for r in rows), [r.text for r in rows]
        run.shot("sorted-by-next-due")

    def phone_reply():
        d.set_window_size(390, 844)
        d.get(f"{host.url}/app/c/{world['c-cy']}")
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        run.find("article.msg.in")
        width = run.js("return document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone: {width} px wide"
        note = run.find("#resolution-due")
        assert "resolution due" in note.text, note.text
        run.shot("phone-conversation")
        box = run.find("#composer textarea, .composer textarea")
        box.click()
        box.send_keys("It left our warehouse this morning.")
        run.shot("phone-composing")
        box.send_keys(Keys.CONTROL, Keys.ENTER)
        wait_for("the reply sent", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                 if "It left our warehouse" in e.text and e.find_elements("css selector", ".delivery-sent")), None), timeout=15)
        wait_for("the clock stopped", lambda: run.conversation(world["c-cy"])["sla"] is None)
        assert run.conversation(world["c-cy"])["resolution_sla"]["paused"], "waiting on the customer pauses the resolution clock"
        wait_for("the resolution note gone", lambda: not d.find_elements("css selector", "#resolution-due"))
        run.shot("phone-reply-sent")

    def phone_details_sheet():
        run.click("#details-toggle")
        select = run.find(".rail #topic-select")
        run.shot("phone-details-sheet")
        Select(select).select_by_value("billing")
        wait_for("the corrected topic", lambda: run.conversation(world["c-cy"])["topic"] == "billing" and
                 run.conversation(world["c-cy"])["topic_confidence"] is None)
        examples = next(t for t in host.api("GET", "/triage")["topics"] if t["name"] == "billing")["examples"]
        assert examples[-1] == "Where is my parcel? The delivery is late", examples
        run.shot("phone-topic-corrected")

    steps = [("sign-in", sign_in), ("due-and-topic-in-inbox", due_and_topic_in_inbox), ("phone-reply", phone_reply),
             ("phone-details-sheet", phone_details_sheet)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser sla", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{EMAIL} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
