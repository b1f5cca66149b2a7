#!/usr/bin/env python3
"""Settings → Numbers in the agents' app (/app), in a real browser: headless Chromium through
Selenium against the real host binary with the sms plugin, and the loopback Twilio
(Plugins/Twilio/Fake) that BrowserTests starts and names in TWILIO_FAKE_URL, with two numbers for
sale (+14155550111, +12125550122) and two owned: +14155550100 (the seeded channel's) and
+14155550133 (connected nowhere).

Steps: sign in on the Numbers page: the account comes from the existing SMS channel, and the
account's numbers show with the channel each feeds; search area code 415: only +14155550111;
buy it into a new channel answered by the Billing team (a channel id already taken is refused
first, the dialog stays open with the reason); adopt +14155550133 into a channel of its own;
release it again: the number leaves the account and its channel is removed. BrowserTests then
checks on the fake that the bought and adopted numbers pointed at their channels.

Screenshots go to artifacts/browser/numbers/NN-<step>.png.
usage: numbers_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "numbers")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
BUDGET_SECONDS = 120
FAKE = os.environ.get("TWILIO_FAKE_URL", "")
ACCOUNT = os.environ.get("TWILIO_FAKE_ACCOUNT", "")
TOKEN = os.environ.get("TWILIO_FAKE_TOKEN", "")
NUMBER, FOR_SALE, ORPHAN = "+14155550100", "+14155550111", "+14155550133"


def seed(host):
    if not FAKE:
        raise RuntimeError("TWILIO_FAKE_URL is not set: BrowserTests.testSMSNumbersPageInChromium starts the fake Twilio")
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    team = api("POST", "/teams", {"name": "Billing"})
    api("PUT", "/credentials/twilio-token", {"secret": TOKEN, "description": "Twilio auth token"})
    api("POST", "/channels", {"id": "orders-sms", "plugin_id": "sms", "name": "Order status SMS", "config": {
        "account_sid": ACCOUNT, "auth_token_credential": "twilio-token", "phone_number": NUMBER, "api_base_url": FAKE},
        "setup": {"operation": "number.adopt"}})
    return {"team": team["id"]}


def all_steps(run, world):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    d, host = run.d, run.host

    def row_of(text):
        return next((r for r in d.find_elements(By.CSS_SELECTOR, "table[aria-label='Your numbers'] tbody tr") if text in r.text), None)

    def button_in(element, label):
        return next(b for b in element.find_elements(By.CSS_SELECTOR, "button") if b.text.strip() == label)

    def dialog_button(label):
        return next(b for b in run.find("dialog[open]").find_elements(By.CSS_SELECTOR, "button") if b.text.strip() == label)

    def sign_in():
        d.get(f"{host.url}/app/settings/numbers")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        run.find("#numbers-account")

    def your_numbers():
        mine = wait_for("the seeded number's row", lambda: row_of(NUMBER))
        assert "Order status SMS" in mine.text and "orders-sms" in mine.text, mine.text
        assert "Release" in mine.text, mine.text
        orphan = row_of(ORPHAN)
        assert orphan is not None and "Adopt" in orphan.text and "Not connected" in orphan.text, orphan and orphan.text
        assert ACCOUNT in Select(run.find("#numbers-account")).first_selected_option.text
        run.shot("your-numbers")

    def search():
        area = run.find("#n-area")
        area.clear()
        area.send_keys("415")
        run.click("#search-numbers")
        results = wait_for("the search results", lambda: run.find("#number-results table").text)
        assert FOR_SALE in results and "+12125550122" not in results, results
        run.shot("search-415")

    def buy():
        row = wait_for("the number for sale", lambda: next((r for r in d.find_elements(By.CSS_SELECTOR, "#number-results tbody tr") if FOR_SALE in r.text), None))
        button_in(row, "Buy").click()
        dialog = run.find("dialog[open]")
        assert f"Buy {FOR_SALE}" in dialog.text, dialog.text
        channel_id = dialog.find_element(By.CSS_SELECTOR, "input[id^='f-id-']")
        assert channel_id.get_attribute("value") == "sms-4155550111", channel_id.get_attribute("value")
        # A channel id already in use: refused, the dialog stays open with the reason, nothing bought.
        channel_id.clear()
        channel_id.send_keys("orders-sms")
        dialog_button("Buy").click()
        refusal = wait_for("the refusal on the id", lambda: next((e.text for e in dialog.find_elements(By.CSS_SELECTOR, ".field-error") if e.text), None))
        assert "already exists" in refusal and "orders-sms" in refusal, refusal
        run.shot("buy-refused")
        channel_id.clear()
        channel_id.send_keys("billing-sms")
        Select(dialog.find_element(By.CSS_SELECTOR, "select[id^='f-binding-']")).select_by_visible_text("Team Billing")
        dialog.find_element(By.CSS_SELECTOR, "input[id^='f-name-']").send_keys("Billing SMS")
        run.shot("buy-dialog")
        dialog_button("Buy").click()
        bought = wait_for("the bought number in the account", lambda: row_of(FOR_SALE), timeout=15)
        assert "Billing SMS" in bought.text and "Team Billing" in bought.text, bought.text
        channel = host.api("GET", "/channels/billing-sms")
        assert channel["state"] == "running" and (channel["binding"]["kind"], channel["binding"]["ref"]) == ("team", world["team"]), channel
        assert channel["plugin_status"]["points_here"] is True, channel["plugin_status"]
        results = run.find("#number-results").text
        assert FOR_SALE not in results, f"a bought number is no longer offered: {results}"
        run.shot("bought")

    def adopt():
        button_in(wait_for("the orphan", lambda: row_of(ORPHAN)), "Adopt").click()
        dialog = run.find("dialog[open]")
        assert f"Adopt {ORPHAN}" in dialog.text, dialog.text
        dialog_button("Adopt").click()
        adopted = wait_for("the adopted number's channel", lambda: (lambda r: r if r and "sms-4155550133" in r.text else None)(row_of(ORPHAN)), timeout=15)
        assert "Release" in adopted.text, adopted.text
        run.shot("adopted")

    def release():
        button_in(row_of(ORPHAN), "Release").click()
        confirm = run.find("dialog[open]")
        assert "Twilio takes the number back" in confirm.text, confirm.text
        run.shot("release-confirm")
        dialog_button("Release").click()
        wait_for("the released number gone", lambda: row_of(NUMBER) is not None and row_of(ORPHAN) is None, timeout=15)
        status, _ = host.request("GET", "/api/v1/channels/sms-4155550133", expect=(404,))
        assert status == 404
        run.shot("released")

    steps = [("sign-in", sign_in), ("your-numbers", your_numbers), ("search", search), ("buy", buy), ("adopt", adopt), ("release", release)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def expected_console(message):
    # The session check before sign-in (401), the event stream, and the refused purchase (409) on purpose.
    return ("/api/v1/me" in message and "401" in message) or "/api/v1/stream" in message or ("/api/v1/channels" in message and "409" in message)


def main():
    return run_seeded_app("browser numbers", ARTIFACTS, BUDGET_SECONDS, ("sms",), seed, all_steps, f"{EMAIL} / {PASSWORD}",
                          expected_console=expected_console)


if __name__ == "__main__":
    sys.exit(main())
