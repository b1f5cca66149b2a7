#!/usr/bin/env python3
"""A Slack side conversation from the agents' app (/app), in a real browser: headless Chromium
through Selenium against the real host binary with the slack and api plugins, and the loopback
Slack (Plugins/Slack/Fake) that BrowserTests starts and names in SLACK_FAKE_URL.

Steps: sign in on a customer's conversation; open the side-conversation panel and start one over
Slack, finding Bo Park in the picker by typing part of his email; the first message opens a thread
in Slack (with the subject and a link back); Bo's reply in the thread, signed as Slack signs it,
appears in the panel; the customer's thread has nothing of it; in Settings → Channels the Slack
app dialog shows the request URL, the workspace and the manifest to paste into Slack.

Screenshots go to artifacts/browser/slack/NN-<step>.png.
usage: slack_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from harness import Host, ROOT, Run, run_script, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "slack")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
SIGNING_SECRET = "slack-signing-secret-for-the-browser"
BUDGET_SECONDS = 120
FAKE = os.environ.get("SLACK_FAKE_URL", "")
BO = "U0BOPARK"


def fake(method, path, body=None):
    """The loopback Slack's controls (GET /fake/posts, POST /fake/reply)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(FAKE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as response:
        return json.loads(response.read().decode())


def seed(host):
    if not FAKE:
        raise RuntimeError("SLACK_FAKE_URL is not set: BrowserTests.testSlackSideConversationInChromium starts the fake Slack")
    api = host.api
    api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                            "availability": "online"})
    api("PUT", "/credentials/slack-bot", {"secret": os.environ.get("SLACK_FAKE_TOKEN", "xoxb-test-token")})
    api("PUT", "/credentials/slack-signing", {"secret": SIGNING_SECRET})
    api("PUT", "/credentials/crm-key", {"secret": "crm-secret"})
    api("POST", "/channels", {"id": "acme-slack", "plugin_id": "slack", "name": "Acme Slack", "config": {
        "bot_token_credential": "slack-bot", "signing_secret_credential": "slack-signing", "api_base_url": FAKE + "/api"}})
    api("POST", "/channels", {"id": "crm", "plugin_id": "api", "name": "Shop CRM", "config": {"api_key_credential": "crm-key"}})
    stored = host.customer_message("crm", "crm-secret", "cust-77", "My parcel A-1001 never arrived.", name="Dana Scully")
    # The picker's directory comes with the plugin's first status check, a second after start.
    wait_for("the Slack directory", lambda: len(api("GET", "/channels/acme-slack/side-directory")["users"]) == 2, timeout=15)
    return {"conversation": stored["conversation_id"]}


def all_steps(run, world):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host
    state = {}

    def sign_in():
        d.get(f"{host.url}/app/c/{world['conversation']}")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        wait_for("the live stream", lambda: run.js("return document.body.dataset.stream") == "live", timeout=15)

    def start_over_slack():
        run.blur()
        run.keys("x")
        run.click("#side-new")
        dialog = run.find("dialog[open]")
        assert dialog.find_element(By.CSS_SELECTOR, "select").get_attribute("value") == "acme-slack", "the Slack channel carries it"
        assert not dialog.find_element(By.CSS_SELECTOR, "input[type=text]").is_displayed(), "no email To over Slack"
        search = run.find("#slack-search")
        # Someone joined the workspace after the directory was read: "Refresh from Slack" finds them.
        fake("POST", "/fake/users", {"id": "U0EVESTONE", "name": "eve", "real_name": "Eve Stone", "email": "eve@courier.example"})
        search.send_keys("Eve Stone")
        wait_for("no Eve yet", lambda: "No match" in run.find(".slack-results").text)
        run.click("#slack-refresh")
        wait_for("Eve after the refresh", lambda: "Eve Stone" in run.find(".slack-results").text, timeout=20)
        run.shot("picker-refreshed")
        search.clear()
        search.send_keys("courier")   # part of Bo's email
        result = wait_for("Bo in the picker", lambda: next((b for b in dialog.find_elements(By.CSS_SELECTOR, ".slack-result") if "Bo Park" in b.text), None))
        assert not any("channel id" in b.text for b in dialog.find_elements(By.CSS_SELECTOR, ".slack-result")), "a lower-case word is not an id"
        run.shot("picker")
        result.click()
        wait_for("Bo chosen", lambda: "Bo Park" in run.find(".slack-chosen").text)
        subject = [f for f in dialog.find_elements(By.CSS_SELECTOR, "input") if f.is_displayed() and f.get_attribute("type") == "text"][0]
        subject.clear()
        subject.send_keys("Parcel A-1001 for Dana Scully")
        dialog.find_element(By.CSS_SELECTOR, "textarea").send_keys("Bo, could you tell us where parcel A-1001 is?")
        run.shot("side-conversation-form")
        dialog.find_element(By.CSS_SELECTOR, ".dialog-actions .primary").click()
        wait_for("the side thread", lambda: "Parcel A-1001" in run.find(".side-title").text)
        wait_for("sent", lambda: "sent" in run.find(".side-msg .delivery").text, timeout=15)
        run.shot("side-conversation-sent")

    def thread_in_slack():
        posts = wait_for("the post in Slack", lambda: fake("GET", "/fake/posts")["posts"] or None)
        opening = posts[0]
        assert opening["channel"].startswith("D"), opening   # a DM with Bo
        assert "*Parcel A-1001 for Dana Scully*" in opening["text"], opening["text"]
        assert f"/app/c/{world['conversation']}|" in opening["text"], "the link back"
        state["opening"] = opening

    def reply_arrives():
        opening = state["opening"]
        answer = fake("POST", "/fake/reply", {"url": f"{host.url}/hooks/acme-slack/events", "signing_secret": SIGNING_SECRET,
                                              "channel": opening["channel"], "thread_ts": opening["ts"], "user": BO,
                                              "text": "It is at the depot, out for delivery tomorrow."})
        assert answer["attempts"] == [200], answer
        reply = wait_for("Bo's reply in the panel", lambda: next((m for m in d.find_elements(By.CSS_SELECTOR, ".side-msg.inbound")
                                                                 if "out for delivery tomorrow" in m.text), None), timeout=15)
        assert "bo" in reply.text, reply.text
        opened = run.find("#side-open")
        expected = f"https://acme.slack.com/archives/{opening['channel']}/p{opening['ts'].replace('.', '')}"
        assert opened.get_attribute("href") == expected, (opened.get_attribute("href"), expected)
        run.shot("reply-arrived")

    def customer_untouched():
        thread = run.find(".timeline").text
        assert "depot" not in thread and "could you tell us" not in thread, "nothing of it in the customer's thread"
        assert len(run.conversation(world["conversation"])["messages"]) == 1

    def slack_app_settings():
        d.get(f"{host.url}/app/settings/channels")
        row = wait_for("the Slack channel's row", lambda: next((r for r in d.find_elements(By.CSS_SELECTOR, "tr") if "Acme Slack" in r.text), None))
        next(b for b in row.find_elements(By.CSS_SELECTOR, "button") if b.text.strip() == "Slack app").click()
        url = run.find("#slack-request-url").text
        assert url == f"{host.url}/hooks/acme-slack/events", url
        assert "connected" in run.find("dialog[open]").text and "Acme" in run.find("dialog[open]").text
        manifest = json.loads(run.find("#slack-manifest").get_attribute("value"))
        assert manifest["settings"]["event_subscriptions"]["request_url"] == url, manifest
        assert "chat:write" in manifest["oauth_config"]["scopes"]["bot"], manifest
        run.shot("slack-app-manifest")

    steps = [("sign-in", sign_in), ("start-over-slack", start_over_slack), ("thread-in-slack", thread_in_slack),
             ("reply-arrives", reply_arrives), ("customer-untouched", customer_untouched), ("slack-app-settings", slack_app_settings)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def expected_console(message):
    # The session check before sign-in (401).
    return ("/api/v1/me" in message and "401" in message) or "/api/v1/stream" in message


def start(stack):
    web = ["--web", os.environ["SWITCHBOARD_WEB"]] if os.environ.get("SWITCHBOARD_WEB") else []
    host = Host(plugins=("slack", "api"), extra=["--durability", "normal"] + web)
    stack.callback(host.close)
    world = seed(host)

    def make_run(driver):
        run = Run(driver, host, None, ARTIFACTS)
        run.world = world
        return run
    return host, f"{host.url}/app  sign in as {EMAIL} / {PASSWORD}", None, make_run


def main():
    return run_script("browser slack", ARTIFACTS, BUDGET_SECONDS, start, lambda run: all_steps(run, run.world),
                      expected_console=expected_console)


if __name__ == "__main__":
    sys.exit(main())
