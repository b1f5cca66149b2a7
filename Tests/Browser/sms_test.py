#!/usr/bin/env python3
"""An SMS conversation in the inbox (/app), in a real browser: headless Chromium through Selenium
against the real host binary with the sms plugin. The customer's texts arrive as Twilio posts them:
form posts signed with X-Twilio-Signature (HMAC-SHA1 of the public URL and the sorted parameters,
keyed with the auth token, base64).

Steps: sign in on the conversation; type a reply in plain GSM-7: the composer shows one segment;
type past 160 septets: two segments of 153; add a typographic apostrophe: the whole text becomes
UCS-2 and the apostrophe is marked as the character that forced it; a note shows no count; then the counter in the page is held to every
case of Tests/TwilioPlatformTests/segment_cases.json, which the Swift counter is held to as well;
a customer who texted STOP: the composer says replies are refused and Send is off (a note still
goes), and the rail shows the contact's sms_consent.

Screenshots go to artifacts/browser/sms/NN-<step>.png.
usage: sms_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import base64
import hashlib
import hmac
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "sms")
CASES = os.path.join(ROOT, "Tests", "TwilioPlatformTests", "segment_cases.json")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
ACCOUNT, TOKEN = "AC" + "a1" * 16, "twilio-browser-token"
NUMBER, CUSTOMER, OPTED_OUT = "+14155550100", "+14155550123", "+14155550124"
PUBLIC = "https://support.example.test"
BUDGET_SECONDS = 120


def twilio_post(host, params):
    """A customer's text as Twilio posts it: signed for the public URL, delivered on loopback."""
    path = "/hooks/sms1/sms"
    signed = PUBLIC + path + "".join(name + params[name] for name in sorted(params))
    signature = base64.b64encode(hmac.new(TOKEN.encode(), signed.encode(), hashlib.sha1).digest()).decode()
    status, text = host.request("POST", path, key="", headers={"Content-Type": "application/x-www-form-urlencoded",
                                                                  "X-Twilio-Signature": signature},
                                raw=urllib.parse.urlencode(params).encode())
    if status != 200:
        raise RuntimeError(f"the sms webhook answered {status}: {text}")


def seed(host):
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    api("PUT", "/credentials/twilio-token", {"secret": TOKEN})
    # Twilio's API is not reachable here (nothing listens on port 9): only the number check fails.
    api("POST", "/channels", {"id": "sms1", "plugin_id": "sms", "name": "Acme SMS", "config": {
        "account_sid": ACCOUNT, "auth_token_credential": "twilio-token", "phone_number": NUMBER, "api_base_url": "http://127.0.0.1:9"}})
    for n, (customer, body) in enumerate([(CUSTOMER, "Hi, is my order on its way?"), (OPTED_OUT, "Do you ship to Spain?"),
                                          (OPTED_OUT, "STOP")]):
        sid = f"SM{n:032d}"
        twilio_post(host, {"MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT, "From": customer, "To": NUMBER,
                           "Body": body, "NumMedia": "0", "ApiVersion": "2010-04-01"})
    conversations = wait_for("two SMS conversations", lambda: (lambda c: c if len(c) == 2 else None)(
        api("GET", "/conversations?channel_instance_id=sms1")["conversations"]))
    by_customer = {api("GET", f"/conversations/{c['id']}")["contact"]["identities"][0]["value"]: c["id"] for c in conversations}
    return {"conversation": by_customer[CUSTOMER], "opted_out": by_customer[OPTED_OUT]}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host

    def meter():
        return run.find("#sms-meter .sms-meter")

    def sign_in():
        d.get(f"{host.url}/app/c/{world['conversation']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        run.find("#composer-text")
        assert not run.js("return document.querySelector('#sms-meter .sms-meter')"), "no count before anything is typed"

    def gsm():
        run.find("#composer-text").send_keys("Your order ships today: tracking follows by text.")
        m = wait_for("one GSM-7 segment", lambda: (lambda e: e if e.get_attribute("data-segments") == "1" else None)(meter()))
        assert m.get_attribute("data-encoding") == "gsm7", m.get_attribute("outerHTML")
        assert "1 SMS segment · GSM-7 · 49 septets" in m.text, m.text
        run.shot("gsm7-one-segment")

    def two_parts():
        run.find("#composer-text").send_keys(" If anything looks wrong, just reply to this message and a person from our team will fix it "
                                             "{today} [same day] ~ that is a promise.")
        m = wait_for("two segments", lambda: (lambda e: e if e.get_attribute("data-segments") == "2" else None)(meter()))
        assert "2 SMS segments · GSM-7 · 185 septets (153 per segment)" in m.text, m.text
        run.shot("gsm7-two-segments")

    def ucs2():
        # The typographic apostrophe: the usual reason a text silently costs twice as much.
        run.find("#composer-text").send_keys(" We\u2019ll text you.")
        m = wait_for("UCS-2", lambda: (lambda e: e if e.get_attribute("data-encoding") == "ucs2" else None)(meter()))
        culprit = run.find("#sms-meter mark.sms-culprit")
        assert culprit.text == "\u2019", culprit.text
        assert "UCS-2 because of" in m.text and "3 SMS segments · UCS-2 · 196 units (67 per segment)" in m.text, m.text
        run.shot("ucs2-marked")

    def note_has_no_count():
        run.keys(Keys.ESCAPE)
        run.click('.mode-tab[data-mode="note"]')
        wait_for("the counter hidden for a note", lambda: not run.find("#composer-text").is_displayed() or
                 "hidden" in run.js("return document.getElementById('sms-meter').className"))
        run.click('.mode-tab[data-mode="reply"]')

    def same_counts_as_swift():
        with open(CASES, encoding="utf-8") as f:
            cases = json.load(f)
        results = d.execute_async_script("""
            const [cases, done] = arguments;
            const main = document.querySelector('script[type=module][src*="/js/main.js"]').src;
            import(main.replace('/js/main.js', '/js/sms-segments.js')).then((m) => done(cases.map((c) => {
              const s = m.countSegments(c.text);
              return {name: c.name, encoding: s.encoding, units: s.units, segments: s.segments,
                      first_non_gsm: s.firstNonGSM ? s.firstNonGSM.character : null, offset: s.firstNonGSM ? s.firstNonGSM.offset : null};
            }))).catch((e) => done(String(e)));""", cases)
        assert isinstance(results, list), results
        for case, got in zip(cases, results):
            want = {k: case[k] for k in ("name", "encoding", "units", "segments", "first_non_gsm", "offset")}
            assert got == want, f"{case['name']}: the page counts {got}, the cases say {want}"
        assert len(results) == len(cases)

    def opted_out():
        d.get(f"{host.url}/app/c/{world['opted_out']}")
        note = run.find(".composer-hint .sms-consent")
        assert "Opted out of texts" in note.text and "START" in note.text, note.text
        wait_for("Send disabled", lambda: not run.find("#send").is_enabled())
        rail = run.find(".rail, aside").text
        assert "sms_consent" in rail and "opted out (STOP" in rail, rail
        run.shot("opted-out")
        run.click('.mode-tab[data-mode="note"]')   # a note still goes
        wait_for("Add note enabled", lambda: run.find("#send").is_enabled())

    steps = [("sign-in", sign_in), ("gsm7", gsm), ("two-segments", two_parts), ("ucs2", ucs2), ("note", note_has_no_count),
             ("same-as-swift", same_counts_as_swift), ("opted-out", opted_out)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser sms", ARTIFACTS, BUDGET_SECONDS, ("sms",), seed, all_steps, f"{EMAIL} / {PASSWORD}", extra=["--public-url", PUBLIC])


if __name__ == "__main__":
    sys.exit(main())
