#!/usr/bin/env python3
"""Amazon buyer messaging in the inbox (/app), in a real browser: headless Chromium through
Selenium against the real host binary with the amazon plugin. Buyers' messages arrive as Amazon's
relay mails them, forwarded by a Mailgun route (signed as Mailgun signs); Login with Amazon and the
SP-API are the Swift fake (Plugins/Amazon/Fake) that BrowserTests.testAmazonOrderAndDueTimeInChromium
starts and names in AMAZON_FAKE_URL (with AMAZON_LWA_ID, AMAZON_LWA_SECRET, AMAZON_REFRESH); replies
go to the harness's loopback Mailgun.

Steps: sign in on the buyer's conversation: the thread shows the order (status, promised date,
item with ASIN and SKU); the composer says when the answer is due and offers the Amazon message
the order allows and "No response needed"; the conversation's fields carry the order; the inbox
shows each conversation's due time, sorts by it and filters on it, and each row's order id and
status, live as a pending order is fetched; the Amazon message goes through the Messaging API; "No response needed"
stops the clock (the due time leaves the row). (BrowserTests then checks what the fake received.)

Screenshots go to artifacts/browser/amazon/NN-<step>.png.
usage: amazon_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, FakeMailgun, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "amazon")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
FAKE = os.environ.get("AMAZON_FAKE_URL", "")
ORDER, OTHER, LATE = "111-2223334-5556667", "222-3334445-6667778", "333-4445556-7778889"
ALIAS = "5vlhexample0h9h5abcdefghijklmnopqrs@marketplace.amazon.com"
BUDGET_SECONDS = 120
mailgun = FakeMailgun()


def relay(host, buyer, alias, order, topic, body, minutes_ago=0):
    """A buyer's message as Amazon's relay mails it, posted as a Mailgun route forward (signed)."""
    subject = f"{topic} inquiry from Amazon customer {buyer} (Order: {order})"
    plain = (f"------------- Begin message -------------\n\n{body}\n\n------------- End message -------------\n\n"
             "For Your Information: we retain all messages buyers and sellers send through Amazon.com for two years.\n"
             "[commMgrTok:A3QKCOMMTOKEN1234]")
    # When Mailgun received it: the 24-hour clock runs from then.
    timestamp, token = str(int(time.time()) - minutes_ago * 60), secrets.token_hex(25)
    fields = [("recipient", f"amazon-amz@{mailgun.domain}"), ("sender", alias), ("from", f"{buyer} - Amazon Marketplace <{alias}>"),
              ("subject", subject), ("body-plain", plain), ("Message-Id", f"<{secrets.token_hex(8)}@relay.amazon.com>"),
              ("timestamp", timestamp), ("token", token),
              ("signature", hmac.new(mailgun.signing_key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest())]
    status, text = host.request("POST", "/hooks/amz/inbound", key="", headers={"Content-Type": "application/x-www-form-urlencoded"},
                                raw=urllib.parse.urlencode(fields).encode())
    if status != 200:
        raise RuntimeError(f"the relay forward answered {status}: {text}")


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def seed(host):
    if not FAKE:
        raise RuntimeError("AMAZON_FAKE_URL is not set: BrowserTests.testAmazonOrderAndDueTimeInChromium starts the fake SP-API")
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    for id, secret in (("lwa-id", os.environ["AMAZON_LWA_ID"]), ("lwa-secret", os.environ["AMAZON_LWA_SECRET"]),
                       ("seller-refresh", os.environ["AMAZON_REFRESH"]), ("mg-key", mailgun.api_key), ("mg-signing", mailgun.signing_key)):
        api("PUT", f"/credentials/{id}", {"secret": secret})
    api("POST", "/channels", {"id": "amz", "plugin_id": "amazon", "name": "Acme on Amazon US", "config": {
        "seller_id": "A1SELLER0TEST", "marketplace_ids": ["ATVPDKIKX0DER"], "region": "NA", "sp_api_base_url": FAKE, "lwa_base_url": FAKE,
        "lwa_client_id_credential": "lwa-id", "lwa_client_secret_credential": "lwa-secret", "refresh_token_credential": "seller-refresh",
        "sender_address": f"buyers@{mailgun.domain}", "sender_name": "Acme Store", "mailgun_domain": mailgun.domain,
        "mailgun_api_base_url": mailgun.url, "mailgun_api_key_credential": "mg-key", "mailgun_signing_key_credential": "mg-signing",
        "order_retry_seconds": 1}})
    relay(host, "Bo Park", "zzzzexample0000000000000000000000000@marketplace.amazon.com", OTHER, "Returns", "Can I return the mug?",
          minutes_ago=5)
    relay(host, "Cy Diaz", ALIAS, ORDER, "Shipping", "Where is my kettle? It was due yesterday.")
    conversations = wait_for("the two Amazon conversations", lambda: (lambda c: c if len(c) == 2 else None)(
        api("GET", "/conversations?channel_instance_id=amz")["conversations"]))
    by_order = {}
    for c in conversations:
        first = api("GET", f"/conversations/{c['id']}/messages")["messages"][0]
        by_order[first["rich"]["order_id"]] = c["id"]
    return {"kettle": by_order[ORDER], "mug": by_order[OTHER]}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    d, host = run.d, run.host

    def sign_in():
        d.get(f"{host.url}/app/c/{world['kettle']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def order_in_thread():
        card = run.find(f'.amazon-order[data-order-id="{ORDER}"]')
        text = card.text
        for expected in (f"Order {ORDER}", "amazon.com", "Shipping", "Shipped", "1 × Blue kettle", "ASIN B000KETTLE", "SKU KET-BLUE-1", "Merchant fulfilled"):
            assert expected in text, f"{expected!r} not in the order card: {text}"
        assert "Promised by" in text and "Dec" in text, text
        msg = run.find("article.msg.in")
        assert "Where is my kettle? It was due yesterday." in msg.text and "commMgrTok" not in msg.text, msg.text
        # The conversation's fields (the rail) carry the order's key facts the channel set.
        fields = wait_for("the order in the conversation's fields", lambda: (lambda t: t if "order_status" in t and "Shipped" in t else None)(
            run.js("return [...document.querySelectorAll('dl.fields')].map((e) => e.innerText).join('\\n')")))
        for expected in ("order_id", ORDER, "order_promised_delivery", "2026-12-09T23:59:59Z", "order_items", "1 × Blue kettle"):
            assert expected in fields, f"{expected!r} not in the conversation's fields: {fields}"
        run.shot("order-in-thread")

    def due_in_composer():
        note = run.find("#response-due")
        assert "answer due" in note.text and "due in 23h" in note.text, note.text
        assert run.find("#amazon-action-tool").is_enabled(), "the order allows an Amazon message"
        assert run.find("#no-response-tool").is_enabled()
        run.shot("due-in-composer")

    def due_in_inbox():
        run.js("localStorage.removeItem('sb.filters')")
        d.get(f"{host.url}/app")
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        # The "All conversations" view: the conversations belong to nobody yet.
        run.js("document.querySelector('[data-view=\"all\"]')?.click()")
        rows = wait_for("both rows with their due time", lambda: (lambda r: r if len(r) == 2 else None)(
            d.find_elements("css selector", ".row .pill.due")))
        assert all("Due in 23h" in r.text for r in rows), [r.text for r in rows]
        run.click("#inbox-sort")
        run.click('.menu-item[data-value="response_due"]')
        ordered = wait_for("the rows, soonest due first", lambda: (lambda ids: ids if ids[:2] == [world["mug"], world["kettle"]] else None)(
            [e.get_attribute("data-id") for e in d.find_elements("css selector", ".row")]))
        assert ordered[:2] == [world["mug"], world["kettle"]], ordered
        run.click("#due-filter")
        run.click('.menu-item[data-value="overdue"]')
        wait_for("nothing overdue", lambda: not [e for e in d.find_elements("css selector", ".row") if e.is_displayed()])
        run.click("#due-filter")
        run.click('.menu-item[data-value="any"]')
        wait_for("both due again", lambda: len(d.find_elements("css selector", ".row .pill.due")) == 2)
        run.shot("due-in-inbox")

    def order_in_inbox():
        # Each Amazon row shows its order's status and id (the conversation's order_status / order_id
        # fields), whole: not cut off by the row.
        for key, order, status in (("kettle", ORDER, "Shipped"), ("mug", OTHER, "Unshipped")):
            tag = run.find(f'.row[data-id="{world[key]}"] .row-order')
            assert tag.get_attribute("data-order-id") == order and tag.get_attribute("data-order-status") == status, tag.get_attribute("outerHTML")
            assert tag.is_displayed() and tag.text == f"{status} · {order}", f"the {key} row's order reads {tag.text!r}"
            assert run.js("const e = arguments[0], box = e.closest('.row-preview').getBoundingClientRect();"
                          "return e.clientWidth > 0 && e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= box.right", tag), \
                f"the {key} row's order is cut off"
        run.shot("order-in-inbox")

    def pending_order_arrives():
        # A buyer writes about an order the SP-API does not give yet (404): the row says pending.
        # The seller's order then appears; the retry timer fetches it and the row changes live.
        relay(host, "Di Eng", "dddexample00000000000000000000000000@marketplace.amazon.com", LATE, "Shipping", "Has it shipped?")
        tag = wait_for("the new row, its order pending", lambda: next(iter(d.find_elements(
            "css selector", f'.row .row-order[data-order-id="{LATE}"][data-order-status="pending"]')), None), timeout=15)
        assert tag.text == f"pending · {LATE}", tag.text
        run.shot("order-pending-in-inbox")
        status, text = post_json(f"{FAKE}/_fake/orders", {"id": LATE, "status": "Shipped"})
        assert status == 201, f"the fake answered {status}: {text}"
        tag = wait_for("the row, its order fetched", lambda: next(iter(d.find_elements(
            "css selector", f'.row .row-order[data-order-id="{LATE}"][data-order-status="Shipped"]')), None), timeout=15)
        assert tag.text == f"Shipped · {LATE}", tag.text
        run.shot("order-fetched-in-inbox")
        # Opened, the conversation shows the buyer's message as pending, the order fetched since
        # after it, and the fetched facts in its fields.
        tag.click()
        wait_for("the pending card", lambda: d.find_elements("css selector", f'article.msg.in .amazon-order.pending'), timeout=10)
        card = run.find(f'.event-card .amazon-order[data-order-id="{LATE}"]')
        assert "Shipped" in card.text and "1 × Blue kettle" in card.text, card.text
        fields = run.js("return [...document.querySelectorAll('dl.fields')].map((e) => e.innerText).join('\\n')")
        assert "Shipped" in fields and "order_pending_reason" not in fields, fields
        run.shot("order-fetched-in-conversation")

    def amazon_message_sent():
        d.get(f"{host.url}/app/c/{world['kettle']}")
        run.click("#amazon-action-tool")
        options = [o.get_attribute("value") for o in Select(run.find("dialog select")).options]
        assert options == ["confirmDeliveryDetails"], f"only what Amazon allows: {options}"
        run.find("dialog textarea").send_keys("Please confirm the gate code for delivery.")
        run.shot("amazon-message-dialog")
        run.click("dialog .dialog-actions .primary")
        wait_for("the Amazon message, sent", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                           if "Amazon message: Confirm delivery details" in e.text
                                                           and e.find_elements("css selector", ".delivery-sent")), None), timeout=15)
        assert not d.find_elements("css selector", "#response-due"), "a message sent to the buyer stops the clock"
        run.shot("amazon-message-sent")

    def no_response_needed():
        d.get(f"{host.url}/app/c/{world['mug']}")
        run.find("#response-due")
        run.click("#no-response-tool")
        wait_for("no response needed, recorded", lambda: next((e for e in d.find_elements("css selector", "article.msg.out")
                                                               if "No response needed" in e.text
                                                               and e.find_elements("css selector", ".delivery-sent")), None), timeout=15)
        wait_for("the clock stopped", lambda: not d.find_elements("css selector", "#response-due"))
        assert not mailgun.mails(), f"nothing was mailed: {mailgun.mails()}"
        run.shot("no-response-needed")

    steps = [("sign-in", sign_in), ("order-in-thread", order_in_thread), ("due-in-composer", due_in_composer),
             ("due-in-inbox", due_in_inbox), ("order-in-inbox", order_in_inbox),
             ("pending-order-arrives", pending_order_arrives), ("amazon-message-sent", amazon_message_sent), ("no-response-needed", no_response_needed)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    try:
        return run_seeded_app("browser amazon", ARTIFACTS, BUDGET_SECONDS, ("amazon",), seed, all_steps, f"{EMAIL} / {PASSWORD}")
    finally:
        mailgun.stop()


if __name__ == "__main__":
    sys.exit(main())
