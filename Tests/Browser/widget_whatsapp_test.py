#!/usr/bin/env python3
""""Continue on WhatsApp" from the web chat widget, in a real browser: the shop page of
widget_test.py embeds the widget; the host runs the webchat and whatsapp plugins, Graph is the
Swift fake (Plugins/Meta/Fake) that BrowserTests.testWebChatContinuesOnWhatsAppInChromium starts
with the number (GRAPH_FAKE_URL, GRAPH_FAKE_VERSION, GRAPH_FAKE_TOKEN, WHATSAPP_WABA, WHATSAPP_NUMBER).

Steps: the visitor writes; on a computer, "Continue on WhatsApp" opens no tab but shows the QR code
the host drew of the number's wa.me link (the code for this conversation prefilled), with the link
as well; on a phone (its user agent) the same switch shows the link only; the customer's first
WhatsApp message carrying the code joins the same conversation, the code stripped.

Screenshots go to artifacts/browser/widget-whatsapp/NN-<step>.png.
usage: widget_whatsapp_test.py [--keep]   (--keep: set up, print the page's address, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys
import time
from urllib.parse import unquote

sys.path.insert(0, os.path.dirname(__file__))
from harness import Failure, Host, ROOT, Run, run_script, wait_for  # noqa: E402
from widget_test import SECRET, ShopPage, WidgetRun  # noqa: E402
import whatsapp_test  # noqa: E402  (its signed webhook post, the number and the account)

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "widget-whatsapp")
BUDGET_SECONDS = 120
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/124.0 Mobile Safari/537.36")


def set_up(host, page_origin):
    api = host.api
    if not whatsapp_test.FAKE:
        raise RuntimeError("GRAPH_FAKE_URL is not set: BrowserTests.testWebChatContinuesOnWhatsAppInChromium starts the fake Graph API")
    for id, secret in (("widget-secret", SECRET), ("meta-secret", whatsapp_test.APP_SECRET), ("meta-token", whatsapp_test.TOKEN),
                       ("meta-verify", "verify-browser")):
        api("PUT", f"/credentials/{id}", {"secret": secret})
    api("POST", "/channels", {"id": "wa", "plugin_id": "whatsapp", "name": "Acme Shoes (WhatsApp)", "config": {
        "phone_number_id": whatsapp_test.NUMBER, "waba_id": whatsapp_test.WABA, "app_secret_credential": "meta-secret",
        "access_token_credential": "meta-token", "verify_token_credential": "meta-verify",
        "graph_base_url": whatsapp_test.FAKE, "graph_version": whatsapp_test.VERSION}})
    api("POST", "/channels", {"id": "shop", "plugin_id": "webchat", "config": {
        "secret_credential": "widget-secret", "title": "Acme help", "team_name": "Acme Support",
        "colors": {"primary": "#0b7a53"}, "allowed_origins": [page_origin],
        "pre_chat_fields": {"name": "required", "email": "off", "phone": "off"}, "switch_destinations": ["whatsapp"]}})
    # The number's first status check publishes its wa.me link; until then WhatsApp is not offered by link.
    wait_for("the number's switch link", lambda: (api("GET", "/channels/wa").get("plugin_status") or {}).get("switch_link"), timeout=20)


class WhatsAppWidgetRun(WidgetRun):
    def __init__(self, driver, host, page):
        Run.__init__(self, driver, host, None, ARTIFACTS)
        self.page = page
        self.conversation_id = None
        self.link = None


def all_steps(run):
    from selenium.webdriver.common.keys import Keys
    d = run.d

    def visitor_writes():
        d.get(run.page.url)
        run.find(".launcher", timeout=15).click()
        run.find('.prechat input[name="name"]').send_keys("Ann Lee")
        run.find(".prechat .primary").click()
        run.find("textarea").send_keys("Can we continue on WhatsApp?", Keys.ENTER)
        wait_for("the message in the widget", lambda: "Can we continue on WhatsApp?" in run.bubbles())
        conversations = run.host.api("GET", "/conversations?channel_instance_id=shop")["conversations"]
        if len(conversations) != 1:
            raise Failure(f"expected one conversation, got {len(conversations)}")
        run.conversation_id = conversations[0]["id"]

    def computer_sees_the_qr_code():
        run.find(".move").click()
        choice = run.find('.switcher input[value="whatsapp"]')
        if not choice.is_selected():
            raise Failure("WhatsApp is the one destination offered")
        run.shot("switch-form")
        run.find(".switcher .primary").click()
        qr = run.find(".banner .switch-qr svg", timeout=10)
        label = qr.get_attribute("aria-label") or ""
        if "WhatsApp" not in label:
            raise Failure(f"the QR code is labelled for screen readers: {label!r}")
        size = run.widget_js("const r = root.querySelector('.banner .switch-qr svg').getBoundingClientRect(); return [r.width, r.height]")
        if size[0] < 120 or size[0] != size[1]:
            raise Failure(f"the QR code is a square large enough to scan: {size}")
        if run.widget_js("return root.querySelector('.banner .switch-qr svg path').getAttribute('d').length") < 200:
            raise Failure("the QR code has modules")
        if len(d.window_handles) != 1:
            raise Failure("on a computer nothing opens: the visitor scans the code with the phone")
        link = run.find(".banner a.switch-link").get_attribute("href")
        if not link.startswith("https://wa.me/15550101001?text=Code%3A%20"):
            raise Failure(f"the link is the number's wa.me link with the code prefilled: {link}")
        run.link = link
        run.shot("qr-code")

    def phone_gets_the_link():
        # The same visitor on a phone (its user agent): the banner offers the link only.
        d.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": PHONE_AGENT})
        d.get(run.page.url)
        run.find(".launcher", timeout=15).click()
        link = run.find(".banner a.switch-link")
        if link.get_attribute("href") != run.link:
            raise Failure(f"the phone gets the same link: {link.get_attribute('href')}")
        if run.widget_js("return root.querySelectorAll('.banner .switch-qr').length") != 0:
            raise Failure("a phone gets no QR code to scan with itself")
        run.shot("phone-link")

    def whatsapp_message_joins_the_conversation():
        text = unquote(run.link.split("text=", 1)[1])
        if not text.startswith("Code: "):
            raise Failure(f"the prefilled text carries the code: {text!r}")
        whatsapp_test.whatsapp_post(run.host, {
            "contacts": [{"profile": {"name": "Ann Lee"}, "wa_id": "4915100000001", "user_id": "DE.ann.1"}],
            "messages": [{"from": "4915100000001", "from_user_id": "DE.ann.1", "id": "wamid.switch.1",
                          "timestamp": str(int(time.time())), "type": "text", "text": {"body": text + " hi, it's Ann"}}]})
        conversation = wait_for("the conversation on WhatsApp", lambda: (lambda c: c if c["channel_instance_id"] == "wa" else None)(
            run.host.api("GET", f"/conversations/{run.conversation_id}")))
        texts = [m["text"] for m in conversation["messages"] if m.get("text")]
        if texts[0] != "Can we continue on WhatsApp?" or texts[-1] != "hi, it's Ann":
            raise Failure(f"the same conversation, the code not kept: {texts}")

    for name, fn in [("the visitor writes", visitor_writes),
                     ("on a computer: the QR code", computer_sees_the_qr_code),
                     ("on a phone: the link", phone_gets_the_link),
                     ("the code joins the same conversation", whatsapp_message_joins_the_conversation)]:
        if not run.step("widget whatsapp: " + name, fn):
            return False
    return True


def start(stack):
    host = Host(plugins=("webchat", "whatsapp", "api"))
    stack.callback(host.close)
    page = ShopPage(f"{host.url}/hooks/shop/widget.js")
    stack.callback(page.stop)
    set_up(host, page.url)
    return host, f"{page.url}  (the shop page with the widget)", {}, lambda driver: WhatsAppWidgetRun(driver, host, page)


def main():
    return run_script("browser widget whatsapp", ARTIFACTS, BUDGET_SECONDS, start, all_steps, window=(1280, 800))


if __name__ == "__main__":
    sys.exit(main())
