#!/usr/bin/env python3
"""Two-factor sign-in in the agents' app (/app), in a real browser: headless Chromium through
Selenium against the real host binary. The codes come from pyotp (PyPI's TOTP library, as Debian
packages it), computed from the secret the enrolment screen shows, as an authenticator app would.

Steps: the admins require two factors for agents; Kim signs in with her password and is led to
enrolment (a QR code drawn by the host, the key to type by hand); a first code from pyotp turns it
on and the ten recovery codes are shown once; she goes on to the inbox; signed out, the password
leads to the code step, a wrong code is refused, pyotp's next code signs her in; an admin sees
that Kim's second factor is on and can reset it, exports a customer's data from the conversation's
rail (the download link appears), and adds a retention rule in Settings › Privacy (one under a day
is refused on its field).

Screenshots go to artifacts/browser/two-factor/NN-<step>.png.
usage: two_factor_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, app_session_console, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "two-factor")
KIM, OPS, PASSWORD = "kim@example.com", "ops@example.com", "correct horse battery"
BUDGET_SECONDS = 120


def seed(host):
    api = host.api
    api("POST", "/agents", {"email": KIM, "name": "Kim Park", "handle": "kim", "role": "agent", "password": PASSWORD, "availability": "online"})
    api("POST", "/agents", {"email": OPS, "name": "Ops Lead", "handle": "ops", "role": "admin", "password": PASSWORD})
    api("PUT", "/settings/two-factor", {"required_roles": ["agent"]})
    api("PUT", "/credentials/crm-key", {"secret": "crm-secret"})
    api("POST", "/channels", {"id": "crm", "plugin_id": "api", "name": "Shop app", "config": {"api_key_credential": "crm-key"}})
    message = host.customer_message("crm", "crm-secret", "ann-77", "Please send me everything you hold about me.", name="Ann Lee")
    return {"conversation": message["conversation_id"]}


def expected_console(message):
    """Refused on purpose: wrong codes (400 at enrolment, 401 at the second step), a retention rule under a day (400)."""
    return (app_session_console(message) or ("/api/v1/session/second-factor" in message and "401" in message)
            or ("/api/v1/me/two-factor/totp/confirm" in message and "400" in message)
            or ("/api/v1/settings/retention" in message and "400" in message))


def all_steps(run, world):
    import pyotp
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host
    state = {}

    def password(email):
        d.delete_all_cookies()
        d.get(f"{host.url}/app")
        run.find("#email").send_keys(email)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)

    def led_to_enrolment():
        password(KIM)
        run.find("#enrol-required")
        qr = run.find("#totp-qr")
        wait_for("the QR code drawn", lambda: run.js("return arguments[0].complete && arguments[0].naturalWidth > 0", qr))
        state["secret"] = run.find("#totp-secret").text.replace(" ", "")
        assert len(state["secret"]) == 32, state["secret"]
        run.shot("enrolment-required")

    def first_code_turns_it_on():
        totp = pyotp.TOTP(state["secret"])
        run.find("#enrol-code").send_keys("000000" if totp.now() != "000000" else "111111")
        run.click("#enrol-confirm")
        wait_for("the wrong code refused", lambda: "does not match" in run.find("#enrol-error").text)
        field = run.find("#enrol-code")
        field.clear()
        state["enrolled_at"] = time.time()
        field.send_keys(totp.now())
        run.click("#enrol-confirm")
        codes = wait_for("ten recovery codes", lambda: (lambda items: items if len(items) == 10 else None)(
            run.js("return [...document.querySelectorAll('#recovery-codes code')].map((c) => c.textContent)")))
        assert len(set(codes)) == 10, codes
        run.shot("recovery-codes")
        status = host.api("GET", f"/agents/{agent_id(KIM)}")
        assert status["two_factor_enabled"] is True, status

    def on_to_the_inbox():
        run.click("#recovery-saved")
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        run.find("#me-menu")
        run.shot("inbox-after-enrolment")

    def code_step():
        password(KIM)
        run.find("#totp-code")
        run.shot("code-step")
        run.find("#totp-code").send_keys("999999" if pyotp.TOTP(state["secret"]).now() != "999999" else "888888", Keys.ENTER)
        wait_for("the wrong code refused", lambda: "wrong or was already used" in run.find("#code-error").text)
        run.shot("wrong-code")

    def signs_in_with_the_next_code():
        # The enrolment spent the current step's code: the next step's (within the ±30 s drift) is new.
        code = pyotp.TOTP(state["secret"]).at(int(max(time.time(), state["enrolled_at"])) + 30)
        field = run.find("#totp-code")
        field.clear()
        field.send_keys(code, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)
        me = run.js("return fetch('/api/v1/me').then((r) => r.json())")
        assert me["agent"]["email"] == KIM and me["two_factor"]["enabled"] is True, me
        run.shot("signed-in-with-code")

    def admin_sees_it():
        password(OPS)
        wait_for("the admin's inbox", lambda: run.find("#me-menu"), timeout=15)
        d.get(f"{host.url}/app/settings/people")
        wait_for("Kim's two-factor on", lambda: run.js(
            "return [...document.querySelectorAll('tr')].some((r) => r.textContent.includes('Kim Park') && r.textContent.includes('Reset two-factor'))"))
        run.shot("admin-people")

    def agent_id(email):
        return next(a["id"] for a in host.api("GET", "/agents")["agents"] if a["email"] == email)

    def export_from_the_rail():
        d.get(f"{host.url}/app/c/{world['conversation']}")
        run.click("#export-contact")
        link = wait_for("the export's download link", lambda: run.find("#export-download", timeout=2), timeout=20)
        assert "/archive?token=" in link.get_attribute("href"), link.get_attribute("href")
        run.shot("rail-export-ready")

    def retention_rule_from_settings():
        d.get(f"{host.url}/app/settings/privacy")
        run.click("#new-retention-rule")
        run.find("dialog [id^=f-closed-days]").send_keys("30")
        run.find("dialog [id^=f-attachment-days]").send_keys("0")
        run.click("dialog .dialog-actions .primary")
        wait_for("the refusal shown", lambda: "after_days" in run.js("return document.body.textContent"))
        field = run.find("dialog [id^=f-attachment-days]")
        field.clear()
        field.send_keys("90")
        run.click("dialog .dialog-actions .primary")
        wait_for("the rule listed", lambda: "deleted after 30 days; attachments removed after 90 days" in run.find("#settings-content").text)
        policy = host.api("GET", "/settings/retention")
        assert policy["rules"][0]["attachments"]["after_days"] == 90, policy
        run.shot("privacy-settings")

    steps = [("led-to-enrolment", led_to_enrolment), ("first-code", first_code_turns_it_on), ("inbox", on_to_the_inbox),
             ("code-step", code_step), ("next-code", signs_in_with_the_next_code), ("admin-sees-it", admin_sees_it),
             ("rail-export", export_from_the_rail), ("retention-rule", retention_rule_from_settings)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser two-factor", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{KIM} / {PASSWORD}",
                          expected_console=expected_console)


if __name__ == "__main__":
    sys.exit(main())
