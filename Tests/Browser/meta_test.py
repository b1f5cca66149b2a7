#!/usr/bin/env python3
"""A Messenger conversation in the inbox (/app), in a real browser: headless Chromium through
Selenium against the real host binary with the messenger plugin. Customers' messages arrive as
Meta posts them: signed webhook batches (X-Hub-Signature-256) to the app's one callback URL.

Steps: sign in on a conversation whose customer wrote 30 hours ago: the composer says only a
person's reply may go, with the time left, and Send works; one who wrote 8 days ago: the window
is closed, Send is disabled for a reply (a note still goes); one who wrote an hour ago: the window
is open; the thread shows a reply typed in Meta's own inbox (by "Meta inbox") and a message the
customer unsent.

Screenshots go to artifacts/browser/meta/NN-<step>.png.
usage: meta_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "meta")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
APP_SECRET = "meta-app-secret-for-the-browser"
PAGE = "104857600"
HOOK = "/hooks/shared/messenger/meta-secret/webhook"
BUDGET_SECONDS = 120


def meta_post(host, events):
    """One signed "page" batch, as Meta sends it (the signature over the raw bytes)."""
    body = json.dumps({"object": "page", "entry": [{"id": PAGE, "time": int(time.time() * 1000), "messaging": events}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    status, text = host.request("POST", HOOK, key="", headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                                raw=body)
    if status != 200:
        raise RuntimeError(f"webhook answered {status}: {text}")


def message(psid, mid, text, hours_ago, **extra):
    event = {"sender": {"id": psid}, "recipient": {"id": PAGE}, "timestamp": int((time.time() - hours_ago * 3600) * 1000),
             "message": {"mid": mid, "text": text}}
    event["message"].update(extra)
    return event


def seed(host):
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    for id, secret in (("meta-secret", APP_SECRET), ("meta-token", "EAAG-browser"), ("meta-verify", "verify-browser")):
        api("PUT", f"/credentials/{id}", {"secret": secret})
    # Graph is not reachable here (nothing listens on port 9): names fall back to "Messenger user 1234".
    api("POST", "/channels", {"id": "shoes-fb", "plugin_id": "messenger", "name": "Acme Shoes (Messenger)", "config": {
        "page_id": PAGE, "app_secret_credential": "meta-secret", "access_token_credential": "meta-token",
        "verify_token_credential": "meta-verify", "graph_base_url": "http://127.0.0.1:9"}})
    meta_post(host, [message("psid-30h-5512", "m.late.1", "My order #1042 never arrived.", 30.2),
                     message("psid-30h-5512", "m.late.2", "Here is my card number 4111 …", 30.1)])
    meta_post(host, [{"sender": {"id": "psid-30h-5512"}, "recipient": {"id": PAGE}, "timestamp": int((time.time() - 30 * 3600) * 1000),
                      "message": {"mid": "m.late.2", "is_deleted": True}},
                     {"sender": {"id": PAGE}, "recipient": {"id": "psid-30h-5512"}, "timestamp": int((time.time() - 29.9 * 3600) * 1000),
                      "message": {"mid": "m.inbox.1", "is_echo": True, "text": "We are checking with the courier."}}])
    meta_post(host, [message("psid-8d-7781", "m.old.1", "Do you have these in size 44?", 8 * 24)])
    meta_post(host, [message("psid-1h-3301", "m.new.1", "Can I still change my delivery address?", 1)])
    conversations = wait_for("three Messenger conversations", lambda: (lambda c: c if len(c) == 3 else None)(
        api("GET", "/conversations?channel_instance_id=shoes-fb")["conversations"]))

    def by_customer(psid):
        for c in conversations:
            detail = api("GET", f"/conversations/{c['id']}")
            if detail["contact"]["identities"][0]["value"] == psid:
                return c["id"]
        raise RuntimeError(f"no conversation for {psid}")
    return {"late": by_customer("psid-30h-5512"), "old": by_customer("psid-8d-7781"), "new": by_customer("psid-1h-3301")}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host

    def window_note():
        return run.find(".composer-hint .reply-window")

    def sign_in():
        d.get(f"{host.url}/app/c/{world['late']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def person_only():
        note = window_note()
        assert note.get_attribute("data-state") == "human_only", note.get_attribute("outerHTML")
        assert "for a person's reply" in note.text and "left" in note.text, note.text
        run.find("#composer-text").send_keys("So sorry: I have asked the courier and will write again today.")
        assert run.find("#send").is_enabled()
        run.shot("person-only-window")

    def thread_reads_well():
        unsent = run.find(".bubble.unsent")
        assert "unsent" in unsent.text, unsent.text
        assert "4111" not in run.find(".timeline").text, "the unsent card number is gone"
        echo = wait_for("the Meta inbox reply", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                              if "Meta inbox" in e.text), None))
        assert "checking with the courier" in echo.text, echo.text
        run.shot("thread-echo-and-unsent")

    def closed_window():
        d.get(f"{host.url}/app/c/{world['old']}")
        note = wait_for("the closed window", lambda: (lambda n: n if n.get_attribute("data-state") == "closed" else None)(window_note()))
        assert "closed" in note.text, note.text
        wait_for("Send disabled", lambda: not run.find("#send").is_enabled())
        run.shot("closed-window")
        run.keys("n")   # an internal note still goes
        wait_for("Add note enabled", lambda: run.find("#send").is_enabled())

    def open_window():
        d.get(f"{host.url}/app/c/{world['new']}")
        note = wait_for("the open window", lambda: (lambda n: n if n.get_attribute("data-state") == "open" else None)(window_note()))
        assert "left" in note.text and "then" in note.text, note.text
        run.shot("open-window")

    steps = [("sign-in", sign_in), ("person-only-window", person_only), ("thread", thread_reads_well),
             ("closed-window", closed_window), ("open-window", open_window)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser meta", ARTIFACTS, BUDGET_SECONDS, ("messenger",), seed, all_steps, f"{EMAIL} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
