#!/usr/bin/env python3
"""What the inbox (/app) shows of live channels, in a real browser: headless Chromium through
Selenium against the real host binary, seeded through the REST API and the API channel.

Steps: sign in; a customer's message with a photo (a file in the host's store, served at /files/)
and a PDF link: the photo shows inline and opens full size, the PDF is a download chip; typing a
reply signals "agent typing" at most once every 3 seconds, and a note never does; "Move to another
channel" to SMS (no SMS plugin installed: planned) with the host's refusals shown on the address
field, then the thread and header show the move and the notice waiting in the outbox; an automatic
move (reason "idle") reads as one.

Screenshots go to artifacts/browser/channels/NN-<step>.png.
usage: channels_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from harness import FakeMailgun, Host, ROOT, Run, run_script, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "channels")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
CRM_SECRET = "crm-secret-123"
CUSTOMER_EMAIL = "dana@customer.example"
PHOTO_SIZE = (320, 200)
BUDGET_SECONDS = 150


def png(width, height):
    """A small PNG (a diagonal gradient), so the thumbnail visibly is the picture."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def seed(host, mailgun):
    """Ann (admin); the API channel and an email channel (a running target); Dana writes with a photo and a PDF."""
    api = host.api
    ann = api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                                  "availability": "online"})["id"]
    for id, secret in (("crm-key", CRM_SECRET), ("mg-key", mailgun.api_key), ("mg-signing", mailgun.signing_key)):
        api("PUT", f"/credentials/{id}", {"secret": secret})
    api("POST", "/channels", {"id": "crm", "plugin_id": "api", "name": "Shop app", "config": {"api_key_credential": "crm-key"}})
    api("POST", "/channels", {"id": "mail", "plugin_id": "email", "name": "Support mail", "config": {
        "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": mailgun.domain,
        "api_base_url": mailgun.url, "api_key_credential": "mg-key", "signing_key_credential": "mg-signing"}})
    # The photo is a real upload through the web chat widget; Dana's API-channel message links the stored file.
    api("PUT", "/credentials/widget-secret", {"secret": "a widget secret for the browser test"})
    api("POST", "/channels", {"id": "site", "plugin_id": "webchat", "name": "Website chat",
                              "config": {"secret_credential": "widget-secret", "allowed_origins": ["*"], "heartbeat_seconds": 2}})
    visitor = host.widget_visitor("site", "Dana Scully")
    uploaded = host.upload("site", visitor, "damaged-box.png", "image/png", png(*PHOTO_SIZE))
    photo = uploaded["attachment"]
    receipt = {"name": "receipt.pdf", "content_type": "application/pdf", "size": 12_345, "url": "https://files.example.com/receipts/A-1001.pdf"}
    sent = host.customer_message("crm", CRM_SECRET, "cust-dana", "The box arrived crushed: here is a photo, and my receipt.",
                                 name="Dana Scully", attachments=[photo, receipt])
    conversation = api("GET", f"/conversations/{sent['conversation_id']}")
    # Dana is known by email too: the move dialog offers it when Email is picked.
    api("POST", f"/contacts/{conversation['contact']['id']}/identities", {"kind": "email", "value": CUSTOMER_EMAIL})
    return {"ann": ann, "cid": sent["conversation_id"], "photo": photo, "visitor": visitor, "chat": uploaded["conversation_id"]}


def all_steps(run, world):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    d, host, api = run.d, run.host, run.host.api
    cid = world["cid"]

    def sign_in():
        d.get(f"{host.url}/app/c/{cid}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        wait_for("Dana's conversation", lambda: "Dana Scully" in run.find("#thread-customer").text, timeout=15)

    def attachments():
        thumb = run.find(".msg.in .thumbnail img")
        wait_for("the photo loaded (same origin, served by /files/)", lambda: run.js(
            "const i = arguments[0]; return i.complete && i.naturalWidth", thumb) == PHOTO_SIZE[0])
        assert thumb.get_attribute("alt") == "damaged-box.png", thumb.get_attribute("alt")
        button = run.find(".msg.in .thumbnail")
        assert button.get_attribute("aria-label") == "View damaged-box.png full size", button.get_attribute("aria-label")
        chip = run.find(".msg.in a.file-chip")
        assert "receipt.pdf" in chip.text and "13 KB" in chip.text, chip.text
        assert chip.get_attribute("href") == "https://files.example.com/receipts/A-1001.pdf", chip.get_attribute("href")
        assert chip.get_attribute("rel") == "noopener noreferrer"
        # An image from elsewhere would be a chip too: only the host's own files are shown in place.
        assert not d.find_elements(By.CSS_SELECTOR, '.thumbnail img[src^="https://files.example.com"]')
        run.shot("attachments-inline")
        button.click()
        full = run.find("dialog[open] .full-image img")
        wait_for("the full-size image", lambda: run.js("return arguments[0].naturalWidth", full) == PHOTO_SIZE[0])
        assert run.js("return arguments[0].getBoundingClientRect().width", full) > PHOTO_SIZE[0] - 2, "shown at its own size"
        run.shot("attachment-full-size")
        run.keys(Keys.ESCAPE)
        wait_for("the viewer closed", lambda: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))

    def typing_signal():
        count = "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/typing')).length"
        run.blur()
        run.keys("r")
        editor = run.find("#composer-text")
        wait_for("the reply editor focused", lambda: run.js("return document.activeElement.id") == "composer-text")
        run.js("performance.clearResourceTimings()")
        started = time.monotonic()
        for word in "Sorry about the box, Dana. ".split(" "):   # about 3.5 s of typing
            editor.send_keys(word + " ")
            time.sleep(0.6)
        wait_for("the typing signal", lambda: run.js(count) >= 1, timeout=5)
        sent = run.js(count)
        elapsed = time.monotonic() - started
        assert 1 <= sent <= 1 + int(elapsed // 3), f"{sent} typing signals in {elapsed:.1f}s"
        # A note is for the team: the customer must not see "typing".
        run.click('.mode-tab[data-mode="note"]')
        run.js("performance.clearResourceTimings()")
        editor.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        for word in "Photo shows a crushed corner.".split(" "):
            editor.send_keys(word + " ")
            time.sleep(0.3)
        time.sleep(0.5)
        assert run.js(count) == 0, "no typing signal while writing a note"
        editor.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        run.click('.mode-tab[data-mode="reply"]')

    def move_to_sms():
        run.blur()
        run.keys("m")
        dialog = run.find("dialog[open] .move-channel")
        targets = {e.find_element(By.CSS_SELECTOR, "input").get_attribute("value"): e for e in dialog.find_elements(By.CSS_SELECTOR, ".switch-target")}
        assert "sms" in targets and "email" in targets and "api" not in targets, list(targets)
        assert "not installed yet — replies will wait" in targets["sms"].text, targets["sms"].text
        assert "via Support mail" in targets["email"].text, targets["email"].text
        focused = run.js("return document.activeElement.name")
        assert focused == "switch-target", f"focus starts on the channel list, not {focused}"
        address = dialog.find_element(By.CSS_SELECTOR, ".field input")
        targets["email"].click()
        wait_for("the known email prefilled", lambda: address.get_attribute("value") == CUSTOMER_EMAIL)
        targets["sms"].click()
        wait_for("no known phone: empty", lambda: address.get_attribute("value") == "")
        assert "phone number" in dialog.find_element(By.CSS_SELECTOR, ".field label").text
        move = d.find_element(By.CSS_SELECTOR, "dialog[open] .dialog-actions .primary")
        move.click()
        error = lambda: address.find_element(By.XPATH, "./ancestor::div[contains(@class, 'field')]").find_element(By.CSS_SELECTOR, ".field-error").text
        wait_for("the host's refusal on the address field", lambda: "phone" in error())
        run.shot("move-dialog-address-required")
        address.send_keys("12345")
        move.click()
        wait_for("a malformed number refused", lambda: "international form" in error())
        address.clear()
        address.send_keys("+15551234567")
        dialog.find_element(By.CSS_SELECTOR, "textarea").send_keys("We'll continue by text message: reply to this number any time.")
        run.shot("move-dialog-filled")
        move.click()
        wait_for("the dialog closed", lambda: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))
        conversation = run.conversation(cid)
        assert conversation["channel_instance_id"] == "sms", conversation["channel_instance_id"]
        switched = [e for e in api("GET", f"/conversations/{cid}/events")["events"] if e["type"] == "conversation.channel_switched"]
        assert switched and switched[-1]["data"]["waiting_for_plugin"] == "sms", switched
        assert switched[-1]["actor"] == f"agent:{world['ann']}", switched[-1]["actor"]
        line = run.find('.divider.switch[data-to="sms"]')
        wait_for("the move in the thread", lambda: "Moved from Shop app to SMS by Ann Lee" in line.text, timeout=5)
        assert "replies wait in the outbox" in run.find('.divider.switch[data-to="sms"] .switch-waiting').text
        chip = run.find('[data-testid="channel"]')
        assert "SMS" in chip.text and "not installed yet" in chip.text, chip.text
        notice = wait_for("the notice, waiting", lambda: [m for m in d.find_elements(By.CSS_SELECTOR, ".msg.out") if "continue by text message" in m.text])[-1]
        assert "waiting on channel sms" in notice.find_element(By.CSS_SELECTOR, ".delivery-detail").text, notice.text
        assert "SMS" in run.find(".composer-hint").text
        run.js("document.querySelector('.timeline').scrollTop = 1e9")
        run.shot("moved-to-sms")

    def idle_fallback_reads_well():
        # A widget's automatic fallback records reason "idle": the thread says so instead of naming a key.
        eve = host.customer_message("crm", CRM_SECRET, "cust-eve", "Are you still there?", name="Eve Martin")["conversation_id"]
        api("POST", f"/conversations/{eve}/switch", {"channel": "email", "identity_value": "eve@customer.example", "reason": "idle"})
        d.get(f"{host.url}/app/c/{eve}")
        line = run.find('.divider.switch[data-to="mail"]', timeout=15)
        assert "Moved from Shop app to Support mail automatically: the customer went idle" in line.text, line.text
        assert not d.find_elements(By.CSS_SELECTOR, ".switch-waiting"), "a running channel: nothing waits"
        run.shot("idle-fallback")

    def customer_typing():
        # The widget's visitor types (POST /hooks/site/typing): agents with the conversation open see it.
        d.get(f"{host.url}/app/c/{world['chat']}")
        run.find("#composer-text", timeout=15)
        indicator = d.find_element(By.CSS_SELECTOR, ".customer-typing")   # present, hidden while empty
        assert indicator.text == "", "nothing before the customer types"
        host.request("POST", "/hooks/site/typing", {"typing": True}, key=world["visitor"], expect=202)
        wait_for("the customer typing", lambda: "The customer is typing" in indicator.text, timeout=10)
        assert indicator.get_attribute("aria-live") == "polite"
        run.shot("customer-typing")
        wait_for("the indicator to go once they stop", lambda: indicator.text == "", timeout=12)

    steps = [("sign-in", sign_in), ("attachments", attachments), ("typing-signal", typing_signal), ("move-to-sms", move_to_sms),
             ("idle-fallback", idle_fallback_reads_well), ("customer-typing", customer_typing)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def expected_console(message):
    # The session check before sign-in (401); the address refusals the test provokes (400).
    return ("/api/v1/me" in message and "401" in message) or ("/switch " in message and "400" in message) or "/api/v1/stream" in message


def start(stack):
    mailgun = FakeMailgun()
    stack.callback(mailgun.stop)
    # SWITCHBOARD_WEB=Host/Web/app serves the app from the folder (working on the app without rebuilding).
    web = ["--web", os.environ["SWITCHBOARD_WEB"]] if os.environ.get("SWITCHBOARD_WEB") else []
    host = Host(plugins=("api", "email", "webchat"), extra=["--durability", "normal"] + web)
    stack.callback(host.close)
    world = seed(host, mailgun)
    make_run = lambda driver: WorldRun(driver, host, mailgun, world)
    return host, f"{host.url}/app  sign in as {EMAIL} / {PASSWORD}", None, make_run


class WorldRun(Run):
    def __init__(self, driver, host, mailgun, world):
        super().__init__(driver, host, mailgun, ARTIFACTS)
        self.world = world


def main():
    return run_script("browser channels", ARTIFACTS, BUDGET_SECONDS, start, lambda run: all_steps(run, run.world),
                      expected_console=expected_console)


if __name__ == "__main__":
    sys.exit(main())
