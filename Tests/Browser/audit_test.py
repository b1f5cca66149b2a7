#!/usr/bin/env python3
"""The audit trail page (Settings › Audit trail) in a real browser: headless Chromium through
Selenium against the real host binary. Seeded admin changes (a credential replaced, a channel
added, a key made and rotated) are listed with who made them; the credential's secret shows as
[redacted] and never appears on the page; the "Credentials" filter narrows the list.

Screenshots go to artifacts/browser/audit/NN-<step>.png.
usage: audit_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "audit")
OPS, PASSWORD = "ops@example.com", "correct horse battery"
SECRETS = ["crm-secret-one", "crm-secret-two"]
BUDGET_SECONDS = 90


def seed(host):
    api = host.api
    api("POST", "/agents", {"email": OPS, "name": "Ops Lead", "handle": "ops", "role": "admin", "password": PASSWORD})
    api("PUT", "/credentials/crm-key", {"secret": SECRETS[0]})
    api("POST", "/channels", {"id": "crm", "plugin_id": "api", "name": "Shop app", "config": {"api_key_credential": "crm-key"}})
    api("PUT", "/credentials/crm-key", {"secret": SECRETS[1], "description": "rotated"})
    key = api("POST", "/api-keys", {"name": "crm", "role": "integrator", "channel_instance_ids": ["crm"]})
    rotated = api("POST", f"/api-keys/{key['id']}/rotate", {"previous_valid_for_seconds": 60})
    return {"keys": [key["key"], rotated["key"]]}


def all_steps(run, world):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    d, host = run.d, run.host

    def sign_in():
        d.delete_all_cookies()
        d.get(f"{host.url}/app")
        run.find("#email").send_keys(OPS)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the admin's inbox", lambda: run.find("#me-menu"), timeout=15)

    def changes_listed():
        d.get(f"{host.url}/app/settings/audit")
        table = wait_for("the audit table", lambda: run.find("#audit-entries table", timeout=2), timeout=15)
        text = table.text
        for action in ["credentials.put", "channels.post", "api-keys.post", "api-keys.rotate.post"]:
            assert action in text, (action, text)
        assert "[redacted]" in text, text
        page = run.js("return document.body.textContent")
        for secret in SECRETS + world["keys"]:
            assert secret not in page, "a secret on the page"
        run.shot("audit-trail")

    def filtered():
        Select(run.find("#audit-action")).select_by_value("credentials.*")
        wait_for("only credential changes", lambda: (lambda rows: rows and all("credentials.put" in r for r in rows))(
            run.js("return [...document.querySelectorAll('#audit-entries tbody tr')].map((r) => r.textContent)")))
        assert len(run.js("return [...document.querySelectorAll('#audit-entries tbody tr')]")) == 2
        assert run.js("return getComputedStyle(document.getElementById('audit-older')).display") == "none", "one page: no Older button"
        run.shot("audit-credentials")

    for name, fn in [("sign-in", sign_in), ("changes-listed", changes_listed), ("filtered", filtered)]:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser audit", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{OPS} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
