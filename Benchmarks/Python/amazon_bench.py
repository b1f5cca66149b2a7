#!/usr/bin/env python3
"""Amazon buyer messages under load: one relay mail per POST, as a Mailgun route forwards it
(form-encoded, signed with timestamp + token + HMAC-SHA256 of the webhook signing key), each with
an order id the channel looks up before storing (getOrder, getOrderItems,
getMessagingActionsForOrder) on a loopback SP-API this script serves (Login with Amazon too).

usage: amazon_bench.py URL SIGNING_KEY SECONDS CONNECTIONS FAKE_PORT

POSTs to URL (the instance's /hooks/<instance>/inbound on loopback) with signed_posts.drive: 1000
buyers, 100 orders, a 300-character message. The fake answers on 127.0.0.1:FAKE_PORT (the
instance's sp_api_base_url and lwa_base_url) at once. A 200 means the mail is committed with its
order context. Prints: RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import functools
import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(__file__))
from signed_posts import drive  # noqa: E402

TEXT = "Where is my order? " * 16


def order_id(n):
    return f"111-{n % 100:07d}-{n % 100:07d}"


class FakeAmazon(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, body, status=200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer({"access_token": "Atza|bench", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self):
        oid = self.path.split("/")[4].split("?")[0]
        if self.path.startswith("/messaging/"):
            return self.answer({"_links": {"actions": [{"name": "confirmDeliveryDetails", "href": "x"}]}})
        if self.path.endswith("/orderItems"):
            return self.answer({"payload": {"AmazonOrderId": oid, "OrderItems": [
                {"ASIN": "B000KETTLE", "SellerSKU": "KET-1", "Title": "Blue kettle", "QuantityOrdered": 1, "QuantityShipped": 1}]}})
        self.answer({"payload": {"AmazonOrderId": oid, "OrderStatus": "Shipped", "FulfillmentChannel": "MFN",
                                 "PurchaseDate": "2026-12-01T10:00:00Z", "LatestDeliveryDate": "2026-12-09T23:59:59Z"}})


def build(key, process, thread, counter):
    n = (process * 7919 + thread * 104729 + counter) % 100000
    alias = f"bench{n % 1000:030d}@marketplace.amazon.com"
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    fields = {"recipient": "amazon-amz@mg.bench.example", "sender": alias, "from": f"Buyer {n % 1000} - Amazon Marketplace <{alias}>",
              "subject": f"Shipping inquiry from Amazon customer Buyer (Order: {order_id(n)})",
              "body-plain": f"------------- Begin message -------------\n\n{TEXT}\n\n------------- End message -------------\n[commMgrTok:T{n}]",
              "Message-Id": f"<{process}.{thread}.{counter}.{secrets.token_hex(4)}@relay.bench>",
              "timestamp": timestamp, "token": token,
              "signature": hmac.new(key, (timestamp + token).encode(), hashlib.sha256).hexdigest()}
    return urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def main():
    url, key, seconds, connections, port = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    fake = ThreadingHTTPServer(("127.0.0.1", port), FakeAmazon)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        drive(url, functools.partial(build, key), 1, seconds, connections)
    finally:
        fake.shutdown()


if __name__ == "__main__":
    main()
