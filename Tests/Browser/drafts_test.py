#!/usr/bin/env python3
"""Draft mode in the inbox (/app), in a real browser: headless Chromium through Selenium against the
real host binary. An API channel instance is bound to an Agent Stack in draft mode: the stack's
turns write drafts instead of answering, and the conversations go to people marked AI draft ready.

Steps: sign in on the first conversation: the composer holds the draft with the "AI draft ready"
bar; Approve & send: the reply goes as written, marked AI-drafted and approved by the agent; the
second conversation: edit the draft (the bar says it is edited, Approve & send is off), Send: the
edited text goes, marked edited; the inbox's "AI draft ready" filter is empty afterwards.

Screenshots go to artifacts/browser/drafts/NN-<step>.png.
usage: drafts_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "drafts")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
SECRET = "integrator-secret"
BUDGET_SECONDS = 120
EDITED = "Hi Bo, your parcel left our warehouse this morning: the tracking link is on its way."


def seed(host):
    api = host.api
    me = api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                                 "availability": "online"})
    team = api("POST", "/teams", {"name": "Tier 1"})["id"]
    api("PUT", f"/teams/{team}/members/{me['id']}", {})
    api("PUT", "/credentials/api-key", {"secret": SECRET})
    api("POST", "/channels", {"id": "api1", "plugin_id": "api", "name": "Acme app", "config": {"api_key_credential": "api-key"}})
    api("POST", "/knowledge/import", {"collection": "help", "articles": [
        {"title": "Where is my order?", "body": "Every parcel gets a tracking link by email as soon as it ships."}]})
    api("PUT", "/stacks/helper", {"id": "helper", "name": "Acme helper", "collections": ["help"], "handover_team": team,
                                  "topics": [{"name": "shipping", "examples": ["where is my order", "where is my parcel", "track my order"]}],
                                  "handover": {"min_confidence": 0.0}})
    api("PATCH", "/channels/api1", {"binding": {"kind": "stack", "ref": "helper", "mode": "draft"}})
    ids = [host.customer_message("api1", SECRET, customer, "Where is my parcel?", name=name)["conversation_id"]
           for customer, name in (("c-ann", "Ann Buyer"), ("c-bo", "Bo Buyer"))]
    for cid in ids:
        wait_for(f"the draft of {cid}", lambda: api("GET", f"/conversations/{cid}")["draft"], timeout=15)
    return {"first": ids[0], "second": ids[1]}


def sent_reply(host, cid):
    messages = host.api("GET", f"/conversations/{cid}")["messages"]
    return next((m for m in messages if m["direction"] == "outbound"), None)


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host

    def sign_in():
        d.get(f"{host.url}/app/c/{world['first']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        bar = run.find("#ai-draft")
        assert "AI draft ready" in bar.text and "helper" in bar.text, bar.text
        draft = host.api("GET", f"/conversations/{world['first']}")["draft"]
        wait_for("the draft in the editor", lambda: run.find("#composer-text").get_attribute("value") == draft["text"])
        assert run.find("#approve-draft").is_enabled()
        run.shot("draft-in-composer")

    def approve_as_is():
        run.click("#approve-draft")
        reply = wait_for("the approved reply", lambda: sent_reply(host, world["first"]), timeout=15)
        assert reply["ai_draft"]["edited"] is False, reply
        assert reply["ai_draft"]["approved_by"].startswith("agent:"), reply
        assert reply["author_kind"] == "agent", reply
        wait_for("the bar gone", lambda: not d.find_elements("css selector", "#ai-draft"))
        marked = wait_for("the reply in the thread, marked", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                                           if "tracking link" in e.text and e.find_elements("css selector", ".ai-drafted")), None))
        assert "AI draft, approved by Ann Lee" in marked.text, marked.text
        assert run.find("#composer-text").get_attribute("value") == "", "the editor is empty again"
        run.shot("approved-as-is")

    def edit_then_send():
        d.get(f"{host.url}/app/c/{world['second']}")
        run.find("#ai-draft")
        editor = run.find("#composer-text")
        wait_for("the draft in the editor", lambda: editor.get_attribute("value"))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(EDITED)
        bar = wait_for("the bar says edited", lambda: (lambda b: b if b.get_attribute("data-edited") == "true" else None)(run.find("#ai-draft")))
        assert "edited" in bar.text, bar.text
        assert not run.find("#approve-draft").is_enabled(), "approve as is is off once edited"
        run.shot("draft-edited")
        run.click("#send")
        reply = wait_for("the edited reply", lambda: sent_reply(host, world["second"]), timeout=15)
        assert reply["text"] == EDITED, reply
        assert reply["ai_draft"]["edited"] is True, reply
        wait_for("the bar gone", lambda: not d.find_elements("css selector", "#ai-draft"))
        marked = wait_for("the edited reply in the thread", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                                          if EDITED[:20] in e.text and e.find_elements("css selector", ".ai-drafted")), None))
        assert "AI draft, edited by Ann Lee" in marked.text, marked.text
        run.shot("edited-sent")

    def nothing_left_to_review():
        ready = host.api("GET", "/inbox?draft=ready")["items"]
        assert ready == [], ready
        usage = host.api("GET", "/stacks/helper/usage")["drafts"]
        assert usage["approved_unchanged"] == 1 and usage["edited"] == 1, usage

    steps = [("sign-in", sign_in), ("approved-as-is", approve_as_is), ("edit-then-send", edit_then_send),
             ("nothing-left", nothing_left_to_review)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser drafts", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{EMAIL} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
