#!/usr/bin/env python3
"""A WhatsApp conversation whose reply window has closed, in the inbox (/app), in a real browser:
headless Chromium through Selenium against the real host binary with the whatsapp plugin. The
customer's message arrives as Meta posts it (a signed whatsapp_business_account batch); Graph is
the Swift fake (Plugins/Meta/Fake) that BrowserTests.testWhatsAppTemplateInChromium starts, with
the number and its templates, and names in GRAPH_FAKE_URL (GRAPH_FAKE_VERSION, GRAPH_FAKE_TOKEN).

Steps: sign in on the conversation of a customer who wrote 30 hours ago: the composer says the
window is closed and only a template may go, Send is disabled and Template is not; a document
Meta no longer serves shows as "media unavailable" and "Fetch again" asks the channel once more; the Template
dialog lists the approved templates only with a preview of the body filled in as the agent types,
refuses to send with a parameter missing, and sends order_update with its parameters; a template
with an image header asks for the image's link and sends it; the thread shows the reply sent; a refusal by the host (the
conversation archived meanwhile) is shown in the dialog. (BrowserTests then checks
what the fake received.)

Screenshots go to artifacts/browser/whatsapp/NN-<step>.png.
usage: whatsapp_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, app_session_console, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "whatsapp")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
APP_SECRET = "meta-app-secret-for-the-browser"
FAKE = os.environ.get("GRAPH_FAKE_URL", "")
VERSION = os.environ.get("GRAPH_FAKE_VERSION", "v23.0")
TOKEN = os.environ.get("GRAPH_FAKE_TOKEN", "EAAG-test-token")   # the only token the fake accepts
# The number and account BrowserTests added to the fake.
WABA, NUMBER, DISPLAY = os.environ.get("WHATSAPP_WABA", "5005"), os.environ.get("WHATSAPP_NUMBER", "1001"), "+1 555-010-1001"
HOOK = "/hooks/shared/whatsapp/meta-secret/webhook"
BUDGET_SECONDS = 120


def whatsapp_post(host, value):
    """One signed batch with one `messages` change, as Meta sends it (the signature over the raw bytes)."""
    value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": DISPLAY, "phone_number_id": NUMBER}, **value}
    body = json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": WABA, "changes": [{"field": "messages", "value": value}]}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    status, text = host.request("POST", HOOK, key="", headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                                raw=body)
    if status != 200:
        raise RuntimeError(f"webhook answered {status}: {text}")


def seed(host):
    if not FAKE:
        raise RuntimeError("GRAPH_FAKE_URL is not set: BrowserTests.testWhatsAppTemplateInChromium starts the fake Graph API")
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    for id, secret in (("meta-secret", APP_SECRET), ("meta-token", TOKEN), ("meta-verify", "verify-browser")):
        api("PUT", f"/credentials/{id}", {"secret": secret})
    api("POST", "/channels", {"id": "wa", "plugin_id": "whatsapp", "name": "Acme Shoes (WhatsApp)", "config": {
        "phone_number_id": NUMBER, "waba_id": WABA, "app_secret_credential": "meta-secret", "access_token_credential": "meta-token",
        "verify_token_credential": "meta-verify", "graph_base_url": FAKE, "graph_version": VERSION}})
    wait_for("the synced templates", lambda: len(api("GET", "/channels/wa/templates")["templates"]) >= 4, timeout=15)
    sent_at = int(time.time() - 30 * 3600)
    whatsapp_post(host, {"contacts": [{"profile": {"name": "Bea Stone"}, "wa_id": "4915112345678", "user_id": "US.1502000000000001"}],
                         "messages": [{"from": "4915112345678", "from_user_id": "US.1502000000000001", "id": "wamid.late.1",
                                       "timestamp": str(sent_at), "type": "text", "text": {"body": "Where is my order #1042?"}},
                                      # Media Meta no longer serves (an id the fake never had): kept, marked unavailable.
                                      {"from": "4915112345678", "from_user_id": "US.1502000000000001", "id": "wamid.late.2",
                                       "timestamp": str(sent_at + 1), "type": "document",
                                       "document": {"id": "990000000000001", "mime_type": "application/pdf", "filename": "invoice.pdf"}}]})
    conversations = wait_for("the WhatsApp conversation", lambda: (lambda c: c if len(c) == 1 else None)(
        api("GET", "/conversations?channel_instance_id=wa")["conversations"]))
    return {"late": conversations[0]["id"]}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    d, host = run.d, run.host

    def sign_in():
        d.get(f"{host.url}/app/c/{world['late']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def closed_window():
        note = wait_for("the closed window", lambda: (lambda n: n if n.get_attribute("data-state") == "closed" else None)(
            run.find(".composer-hint .reply-window")))
        assert "closed" in note.text and "only a template may go" in note.text, note.text
        run.find("#composer-text").send_keys("Are you still there?")
        assert not run.find("#send").is_enabled(), "free text may not go"
        assert run.find("#template-tool").is_enabled(), "a template may"
        run.shot("closed-window")

    def media_unavailable():
        chip = run.find("article.msg.in .file-chip.unavailable")
        assert "invoice.pdf" in chip.text and "media unavailable" in chip.text, chip.text
        run.shot("media-unavailable")
        before = len(host.api("GET", f"/conversations/{world['late']}/events")["events"])
        run.click("article.msg.in .file-chip.unavailable .refetch")
        # Meta still has nothing: the channel records the new attempt, and the thread shows it again, ready to retry.
        wait_for("the attempt recorded", lambda: any(e["type"] == "message.attachments_replaced"
                                                     for e in host.api("GET", f"/conversations/{world['late']}/events")["events"][before:]))
        wait_for("Fetch again offered again", lambda: run.find("article.msg.in .file-chip.unavailable .refetch").is_enabled())

    def dialog_lists_approved():
        run.click("#template-tool")
        pick = run.find("dialog #template-pick")
        names = [o.text for o in Select(pick).options]
        assert any(n.startswith("order_update · en_US") for n in names), names
        assert not any(n.startswith("promo") for n in names), f"a PENDING template is not offered: {names}"
        Select(pick).select_by_index(next(i for i, n in enumerate(names) if n.startswith("order_update")))
        labels = [e.text for e in d.find_elements("css selector", "dialog .template-fields label")]
        assert labels[:2] == ["Parameter {{1}} *", "Parameter {{2}} *"] and "Link button 1 value *" in labels, labels
        preview = run.find("dialog #template-preview")
        assert "Hi {{1}}, your order {{2}} has shipped." in preview.text, preview.text
        run.shot("template-dialog")

    def missing_parameter_refused():
        inputs = d.find_elements("css selector", "dialog .template-fields input")
        inputs[0].send_keys("Bea")
        wait_for("the preview filled in", lambda: "Hi Bea, your order {{2}} has shipped." in run.find("dialog #template-preview").text)
        run.click("dialog .dialog-actions .primary")
        error = wait_for("the dialog's error", lambda: (lambda e: e if e.text else None)(run.find("dialog #template-error")))
        assert "Parameter {{2}}" in error.text, error.text
        assert run.find("dialog #template-pick").is_displayed(), "the dialog stays open"
        run.shot("parameter-missing")

    def template_sent():
        inputs = d.find_elements("css selector", "dialog .template-fields input")
        inputs[1].send_keys("#1042")
        inputs[2].send_keys("A1042")
        run.click("dialog .dialog-actions .primary")
        wait_for("the dialog closed", lambda: not d.find_elements("css selector", "dialog #template-pick"))
        reply = wait_for("the template reply, sent", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                                   if "Template order_update" in e.text
                                                                   and e.find_elements("css selector", ".delivery-sent")), None), timeout=15)
        assert reply.is_displayed()
        assert not run.find("#send").is_enabled(), "the window is still closed for free text"
        run.shot("template-sent")

    def media_header():
        # A template with an image header: a field for the image's link; Meta gets {type: image, link}.
        run.click("#template-tool")
        pick = run.find("dialog #template-pick")
        names = [o.text for o in Select(pick).options]
        Select(pick).select_by_index(next(i for i, n in enumerate(names) if n.startswith("shipping_label")))
        labels = [e.text for e in d.find_elements("css selector", "dialog .template-fields label")]
        assert labels == ["Parameter {{1}} *", "Header image link *"], labels
        inputs = d.find_elements("css selector", "dialog .template-fields input")
        inputs[0].send_keys("Bea")
        inputs[1].send_keys("https://acme.example/labels/1042.png")
        preview = run.find("dialog #template-preview")
        wait_for("the preview", lambda: "Here is your return label, Bea." in preview.text and "image" in preview.text)
        run.shot("media-header")
        run.click("dialog .dialog-actions .primary")
        wait_for("the dialog closed", lambda: not d.find_elements("css selector", "dialog #template-pick"))
        wait_for("the image template, sent", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                           if "Template shipping_label: Here is your return label, Bea." in e.text
                                                           and e.find_elements("css selector", ".delivery-sent")), None), timeout=15)

    def refusal_shown_in_dialog():
        # Someone archives the conversation while the dialog is open: the host answers 409 and the
        # dialog shows why, staying open.
        run.click("#template-tool")
        run.find("dialog #template-pick")
        host.api("POST", f"/conversations/{world['late']}/archive", {})
        for element, value in zip(d.find_elements("css selector", "dialog .template-fields input"), ("Bea", "#1042", "A1042")):
            element.send_keys(value)
        run.click("dialog .dialog-actions .primary")
        error = wait_for("the host's refusal", lambda: (lambda e: e if e.text else None)(run.find("dialog #template-error")))
        assert "archived" in error.text, error.text
        run.shot("refusal-in-dialog")

    steps = [("sign-in", sign_in), ("closed-window", closed_window), ("media-unavailable", media_unavailable),
             ("template-dialog", dialog_lists_approved),
             ("parameter-missing", missing_parameter_refused), ("template-sent", template_sent), ("media-header", media_header),
             ("refusal-in-dialog", refusal_shown_in_dialog)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def expected_console(message):
    """The 409 the refusal step causes on purpose, besides what every app script expects."""
    return app_session_console(message) or ("/messages" in message and "409" in message)


def main():
    return run_seeded_app("browser whatsapp", ARTIFACTS, BUDGET_SECONDS, ("whatsapp",), seed, all_steps, f"{EMAIL} / {PASSWORD}",
                          expected_console=expected_console)


if __name__ == "__main__":
    sys.exit(main())
