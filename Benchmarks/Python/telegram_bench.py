#!/usr/bin/env python3
"""Telegram ingest under load: one private-chat text update per POST, with the webhook's secret header.

usage: telegram_bench.py HOST_URL ADMIN_KEY SECONDS CONNECTIONS

Serves a minimal Bot API on loopback (getMe, setWebhook, getWebhookInfo: the plugin's start-up calls)
so the instance registers and we learn the secret_token it chose, adds the instance tg1 through REST,
then POSTs updates to /hooks/tg1/updates with signed_posts.drive: a new update_id and message_id each,
one of 1000 customers, 160 characters of text, X-Telegram-Bot-Api-Secret-Token. A 200 means the
message is committed. Prints: RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import functools
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(__file__))
from signed_posts import drive  # noqa: E402

TOKEN = "7001234567:AABenchTelegramToken"
TEXT = "x" * 160
secret = {}


class BotAPI(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)) or 0)
        method = self.path.rsplit("/", 1)[-1]
        if not self.path.startswith(f"/bot{TOKEN}/"):
            return self.answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        params = json.loads(body or b"{}")
        if method == "setWebhook":
            secret["token"] = params.get("secret_token")
        result = {"getMe": {"id": 7001234567, "is_bot": True, "first_name": "Bench", "username": "bench_bot"},
                  "getWebhookInfo": {"url": params.get("url", ""), "pending_update_count": 0}}.get(method, True)
        self.answer(200, {"ok": True, "result": result})

    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def build(token, process, thread, counter):
    n = (process << 40) | (thread << 24) | counter
    user = 100000 + (counter * 7 + thread) % 1000
    update = {"update_id": n, "message": {"message_id": n, "date": 1733580000, "text": TEXT,
                                          "chat": {"id": user, "type": "private", "first_name": "C"},
                                          "from": {"id": user, "is_bot": False, "first_name": "C"}}}
    return json.dumps(update).encode(), {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": token}


def main():
    host, key, seconds, connections = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    api = ThreadingHTTPServer(("127.0.0.1", 0), BotAPI)
    threading.Thread(target=api.serve_forever, daemon=True).start()

    def rest(method, path, value):
        request = urllib.request.Request(host + path, data=json.dumps(value).encode(), method=method,
                                         headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()

    rest("PUT", "/api/v1/credentials/tg-bot", {"secret": TOKEN})
    rest("POST", "/api/v1/channels", {"id": "tg1", "plugin_id": "telegram",
                                      "config": {"bot_token_credential": "tg-bot", "api_base_url": f"http://127.0.0.1:{api.server_port}"}})
    deadline = time.monotonic() + 10
    while "token" not in secret and time.monotonic() < deadline:
        time.sleep(0.05)
    if "token" not in secret:
        sys.exit("telegram_bench: the instance never called setWebhook")
    drive(host + "/hooks/tg1/updates", functools.partial(build, secret["token"]), 1, seconds, connections)
    api.shutdown()


if __name__ == "__main__":
    main()
