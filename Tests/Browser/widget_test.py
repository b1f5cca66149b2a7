#!/usr/bin/env python3
"""The web chat widget (Plugins/WebChat) in a real browser: a shop page served on its own loopback
origin embeds the widget with one script tag; headless Chromium through Selenium against the real
host binary, with a loopback Mailgun behind the email channel.

Steps: the launcher appears (the page's hostile CSS does not reach it); open it; fill the pre-chat
form; send a message; an agent's reply (REST) arrives live; an image upload shows inline; with the panel closed a reply shows an
unread badge; Esc closes and gives focus back to the launcher; leaving and coming back: the reply sent
meanwhile is unread and the history is there; switch
to email: the widget says where the conversation went and the next reply leaves by mail.

Screenshots go to artifacts/browser/widget/NN-<step>.png, figures to artifacts/browser/widget/figures.json.
usage: widget_test.py [--keep]   (--keep: set up, print the page's address, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(__file__))
from harness import Failure, FakeMailgun, Host, ROOT, Run, run_script, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "widget")
SECRET = "widget-secret-0123456789"
BUDGET_SECONDS = 150
figures = {}


# The shop page --------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title>
<style>
  /* A site whose CSS would wreck a widget that did not live in a shadow root. */
  * { font-family: Georgia, serif !important; color: #b00 !important; }
  button { display: none !important; }
  div { border: 3px dashed orange; padding: 20px; }
  body { background: #f4f1ea; margin: 40px; }
</style></head>
<body>
  <h1>Acme Shop</h1>
  <p>Handmade things, shipped fast. Questions? Chat with us (bottom right).</p>
  <script src="WIDGET_URL" async></script>
</body></html>
"""


class ShopPage:
    """The page on its own origin (another port: cross-origin to the host, as on a real site)."""

    def __init__(self, widget_url):
        body = PAGE.replace("WIDGET_URL", widget_url).encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def set_up(host, mailgun, page_origin):
    api = host.api
    api("PUT", "/credentials/widget-secret", {"secret": SECRET})
    api("PUT", "/credentials/mg-key", {"secret": mailgun.api_key})
    api("PUT", "/credentials/mg-signing", {"secret": mailgun.signing_key})
    api("POST", "/channels", {"id": "mail", "plugin_id": "email", "config": {
        "support_address": "support@acme.example", "support_name": "Acme Support", "mailgun_domain": mailgun.domain,
        "api_base_url": mailgun.url, "api_key_credential": "mg-key", "signing_key_credential": "mg-signing"}})
    api("POST", "/channels", {"id": "shop", "plugin_id": "webchat", "config": {
        "secret_credential": "widget-secret", "title": "Acme help", "team_name": "Acme Support",
        "greeting": "Hi! Ask us anything about your order.", "colors": {"primary": "#0b7a53"},
        "allowed_origins": [page_origin], "pre_chat_fields": {"name": "required", "email": "optional", "phone": "off"},
        "switch_destinations": ["email", "sms"],
        # The host notices a vanished browser when a heartbeat write fails; short, so the test ends quickly.
        "heartbeat_seconds": 2}})


# Steps ----------------------------------------------------------------------------------------

class WidgetRun(Run):
    """The harness's step runner, reaching into the widget's shadow root."""

    def __init__(self, driver, host, mailgun, page):
        super().__init__(driver, host, mailgun, ARTIFACTS)
        self.page = page
        self.conversation_id = None

    # The widget lives in a shadow root: reach into it.
    def root(self):
        from selenium.webdriver.common.by import By
        host = wait_for("the widget's host element", lambda: self.d.find_element(By.CSS_SELECTOR, "[data-switchboard-webchat]"))
        return host.shadow_root

    def find(self, css, timeout=10):
        from selenium.webdriver.common.by import By

        def visible():
            for element in self.root().find_elements(By.CSS_SELECTOR, css):
                if element.is_displayed():
                    return element
            return None
        return wait_for(f"widget element {css}", visible, timeout)

    def widget_js(self, body):
        """Run body with `root` bound to the widget's shadow root."""
        return self.js("const root = document.querySelector('[data-switchboard-webchat]').shadowRoot;" + body)

    def bubbles(self):
        return self.widget_js("return [...root.querySelectorAll('.log .message:not(.greeting):not(.pending) .bubble')].map(b => b.textContent)")

    def agent_reply(self, text):
        return self.host.api("POST", f"/conversations/{self.conversation_id}/messages", {"text": text})["id"]


def all_steps(run):
    from selenium.webdriver.common.keys import Keys

    def launcher_appears():
        started = time.monotonic()
        run.d.get(run.page.url)
        launcher = run.find(".launcher", timeout=15)
        figures["launcher_visible_ms"] = round((time.monotonic() - started) * 1000)
        if launcher.get_attribute("aria-label") != "Open chat":
            raise Failure(f"launcher label: {launcher.get_attribute('aria-label')}")
        # The page's `* { color: #b00 !important }` and `button { display: none }` did not get in.
        colour = run.widget_js("return getComputedStyle(root.querySelector('.launcher')).backgroundColor")
        if colour != "rgb(11, 122, 83)":
            raise Failure(f"the launcher should have the configured colour, not {colour}")
        font = run.widget_js("return getComputedStyle(root.querySelector('.frame')).fontFamily")
        if "Georgia" in font:
            raise Failure(f"the page's font leaked into the widget: {font}")
        run.shot("launcher")

    def prechat_and_send():
        run.find(".launcher").click()
        name = run.find('.prechat input[name="name"]')
        if run.widget_js("return root.activeElement && root.activeElement.name") != "name":
            raise Failure("opening the panel should focus the first pre-chat field")
        if run.find(".panel").get_attribute("role") != "dialog":
            raise Failure("the panel is a labelled dialog")
        run.shot("prechat")
        run.find(".prechat .primary").click()  # name is required: refused in place
        run.find(".error")
        name.send_keys("Ann Lee")
        run.find('.prechat input[name="email"]').send_keys("ann@customer.example")
        run.find(".prechat .primary").click()
        text = run.find("textarea")
        started = time.monotonic()
        text.send_keys("Hello! Where is my order 1001?", Keys.ENTER)
        wait_for("the message in the widget", lambda: "Hello! Where is my order 1001?" in run.bubbles())
        figures["send_to_shown_ms"] = round((time.monotonic() - started) * 1000)
        conversations = run.host.api("GET", "/conversations?channel_instance_id=shop")["conversations"]
        if len(conversations) != 1:
            raise Failure(f"expected one conversation, got {len(conversations)}")
        run.conversation_id = conversations[0]["id"]
        contact = run.host.api("GET", f"/conversations/{run.conversation_id}")["contact"]
        if contact.get("display_name") != "Ann Lee":
            raise Failure(f"the contact's name comes from the pre-chat form: {contact}")

    def reply_arrives_live():
        run.host.request("POST", f"/api/v1/conversations/{run.conversation_id}/typing", expect=(200, 202, 204))
        wait_for("the agent typing indicator", lambda: "typing" in run.find(".typing").text)
        started = time.monotonic()
        reply = run.agent_reply("It left our warehouse this morning: https://track.example/1001")
        wait_for("the agent's reply in the widget", lambda: any("It left our warehouse" in b for b in run.bubbles()), timeout=10)
        figures["agent_reply_to_widget_ms"] = round((time.monotonic() - started) * 1000)
        link = run.find('.message.outbound a[href="https://track.example/1001"]')
        if link.get_attribute("rel") != "noopener noreferrer":
            raise Failure("links in replies open safely")
        # The widget reported it seen: the reply is read.
        wait_for("the reply marked read", lambda: any(m["id"] == reply and m["delivery_status"] == "read"
                                                      for m in run.host.api("GET", f"/conversations/{run.conversation_id}/messages")["messages"]))
        live = run.widget_js("const log = root.querySelector('.log'); return [log.getAttribute('role'), log.getAttribute('aria-live')]")
        if live != ["log", "polite"]:
            raise Failure(f"new messages are announced (role=log, aria-live=polite): {live}")
        run.shot("conversation")

    def image_shows_inline():
        # A file chosen in the attachment dialog (set through DataTransfer: a headless browser has no dialog).
        run.widget_js("""
          const input = root.querySelector('.file-input');
          const canvas = document.createElement('canvas');
          canvas.width = 120; canvas.height = 80;
          const g = canvas.getContext('2d');
          g.fillStyle = '#f2a33a'; g.fillRect(0, 0, 120, 80);
          g.fillStyle = '#ffffff'; g.fillRect(50, 10, 20, 60); g.fillRect(30, 30, 60, 20);
          return new Promise(resolve => canvas.toBlob(blob => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([blob], 'photo.png', {type: 'image/png'}));
            input.files = transfer.files;
            input.dispatchEvent(new Event('change'));
            resolve(true);
          }, 'image/png'));""")
        wait_for("the uploaded image, loaded inline", lambda: run.widget_js(
            "const img = root.querySelector('.message.inbound img[alt=\"photo.png\"]'); return !!img && img.complete && img.naturalWidth === 120"))
        messages = run.host.api("GET", f"/conversations/{run.conversation_id}/messages")["messages"]
        if not any(a.get("content_type") == "image/png" for m in messages for a in (m.get("attachments") or [])):
            raise Failure("the upload is a message carrying the attachment")
        run.shot("image-upload")

    def closed_panel_shows_unread():
        run.find("textarea").send_keys(Keys.ESCAPE)
        wait_for("the panel to close", lambda: run.widget_js("return root.querySelector('.panel').hidden"))
        focused = run.widget_js("return root.activeElement && root.activeElement.className")
        if focused != "launcher":
            raise Failure(f"Esc gives focus back to the launcher, not {focused}")
        reply = run.agent_reply("Anything else I can help with?")
        badge = run.find(".badge")
        wait_for("the unread count", lambda: badge.text == "1")
        if "unread" not in (run.find(".launcher").get_attribute("aria-label") or ""):
            raise Failure("the launcher's label says there is an unread message")
        run.shot("unread-badge")
        run.find(".launcher").send_keys(Keys.ENTER)  # keyboard opens it too
        wait_for("the badge to clear", lambda: run.widget_js("return root.querySelector('.badge').hidden"))
        # The widget reports what was seen a moment later (250 ms): the next step leaves the page, so
        # it waits for the host to have the report, or the reply would still count as unread there.
        wait_for("the reply marked read", lambda: next((m for m in run.host.api("GET", f"/conversations/{run.conversation_id}/messages")["messages"]
                                                      if m["id"] == reply), {}).get("delivery_status") == "read", timeout=10)

    def reload_keeps_history():
        # The visitor leaves the page; a reply comes meanwhile; they come back later.
        run.d.get("about:blank")
        run.agent_reply("Are you still there?")
        started = time.monotonic()
        run.d.get(run.page.url)
        badge = run.find(".badge", timeout=15)
        wait_for("the reply sent while away, counted unread", lambda: badge.text == "1")
        figures["back_to_unread_badge_ms"] = round((time.monotonic() - started) * 1000)
        run.shot("back-with-unread")
        run.find(".launcher").click()
        wait_for("the history after coming back", lambda: len(run.bubbles()) >= 5, timeout=10)
        bubbles = run.bubbles()
        has_image = run.widget_js("return !!root.querySelector('.log img[alt=\"photo.png\"]')")
        if bubbles[0] != "Hello! Where is my order 1001?" or "Anything else" not in bubbles[-2] or "still there" not in bubbles[-1] or not has_image:
            raise Failure(f"history in order after coming back: {bubbles}")
        if run.widget_js("return root.querySelector('.prechat').hidden") is not True:
            raise Failure("a returning visitor does not see the pre-chat form again")
        run.shot("after-reload")

    def switch_to_email():
        run.find(".move").click()
        email = run.find('.switcher input[value="email"]')
        if not email.is_selected():
            raise Failure("email is offered first")
        address = run.find('.switcher input[name="address"]')
        if address.get_attribute("value") != "ann@customer.example":
            raise Failure(f"the known address is offered: {address.get_attribute('value')}")
        run.shot("switch-form")
        run.find(".switcher .primary").click()
        banner = run.find(".banner")
        wait_for("the switch banner", lambda: "Continued by email at ann@customer.example" in banner.text)
        conversation = run.host.api("GET", f"/conversations/{run.conversation_id}")
        if conversation["channel_instance_id"] != "mail":
            raise Failure(f"the conversation is on the email channel now: {conversation['channel_instance_id']}")
        before = len(run.mailgun.mails())
        run.agent_reply("I'll send the invoice by mail.")
        mail = wait_for("the reply at Mailgun", lambda: run.mailgun.mails()[before:] or None)[0]
        fields = dict(mail["fields"])
        if fields.get("to") != "ann@customer.example" or "invoice by mail" not in fields.get("text", ""):
            raise Failure(f"the reply went out by email to Ann: {fields}")
        run.shot("switched-to-email")

    for name, fn in [("the launcher appears, untouched by the page's CSS", launcher_appears),
                     ("pre-chat form, then a message", prechat_and_send),
                     ("the agent types and replies, live", reply_arrives_live),
                     ("an image upload shows inline", image_shows_inline),
                     ("closed: unread badge; Esc and keyboard", closed_panel_shows_unread),
                     ("back later: the missed reply is unread, the history is there", reload_keeps_history),
                     ("switch to email", switch_to_email)]:
        if not run.step("widget: " + name, fn):
            return False
    return True


def start(stack):
    mailgun = FakeMailgun()
    stack.callback(mailgun.stop)
    host = Host(plugins=("webchat", "email", "api"))
    stack.callback(host.close)
    page = ShopPage(f"{host.url}/hooks/shop/widget.js")
    stack.callback(page.stop)
    set_up(host, mailgun, page.url)
    return host, f"{page.url}  (the shop page with the widget)", figures, lambda driver: WidgetRun(driver, host, mailgun, page)


def main():
    return run_script("browser widget", ARTIFACTS, BUDGET_SECONDS, start, all_steps, window=(1280, 800))


if __name__ == "__main__":
    sys.exit(main())
