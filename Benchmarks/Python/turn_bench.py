#!/usr/bin/env python3
"""Turn benchmark: inbound customer message -> Agent Stack reply -> outbound delivery.

Each of CONCURRENCY senders sends a customer message to the API channel (each from a new customer,
so each is one turn of the stack named in the message), waits until the stack's reply arrives at a
loopback webhook receiver that checks the API channel's signature, as an integrator's endpoint
would, then sends the next: a closed loop, so the latency is a turn's, not a queue's.

usage: turn_bench.py HOOK_URL API_KEY WEBHOOK_PORT WEBHOOK_SECRET MESSAGES CONCURRENCY
Prints: turn: N turns/s p50 X ms p99 Y ms replies R of M (inbound to delivered reply, C senders)
"""
import hashlib
import hmac
import http.client
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

hook_url, api_key, port, secret, total, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
sent_at = {}
replied = {}
latencies = []
lock = threading.Lock()
all_replied = threading.Event()
bad_signatures = 0

PHRASES = ["where is my parcel, the tracking link does not work", "I want a refund to my card for the kettle",
           "I cannot login, reset my password please", "the laptop screen is broken, is it under warranty",
           "my delivery is late, which courier has my order", "how do I return the headphones for an exchange"]


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global bad_signatures
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("X-Switchboard-Timestamp", "")
        expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(expected, self.headers.get("X-Switchboard-Signature", ""))
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()
        now = time.monotonic()
        with lock:
            if not ok:
                bad_signatures += 1
                return
            customer = json.loads(body).get("external_id")
            if customer in sent_at:
                latencies.append(now - sent_at.pop(customer))
                replied.pop(customer).set()
                if len(latencies) == total:
                    all_replied.set()

    def log_message(self, *args):
        pass


def sender(first, step):
    target = urllib.parse.urlsplit(hook_url)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    for i in range(first, total, step):
        customer = f"turn-{i}"
        body = json.dumps({"external_id": customer, "message_id": f"t-{i}", "agent_stack": "bench",
                           "text": f"{PHRASES[i % len(PHRASES)]} {i}"})
        done = threading.Event()
        with lock:
            sent_at[customer] = time.monotonic()
            replied[customer] = done
        connection.request("POST", target.path, body, {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"})
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 201):
            print(f"turn: inbound failed with {response.status}", file=sys.stderr)
        if not done.wait(timeout=10):
            print(f"turn: no reply to {customer} within 10 s", file=sys.stderr)


server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
started = time.monotonic()
senders = [threading.Thread(target=sender, args=(k, concurrency)) for k in range(concurrency)]
for t in senders:
    t.start()
for t in senders:
    t.join()
all_replied.wait(timeout=120)
elapsed = time.monotonic() - started
server.shutdown()
with lock:
    done = sorted(latencies)
if not done:
    print(f"turn: 0 turns/s (no reply arrived; bad signatures {bad_signatures})")
    sys.exit(1)
p50 = done[len(done) // 2] * 1000
p99 = done[min(len(done) - 1, int(len(done) * 0.99))] * 1000
print(f"turn: {len(done) / elapsed:.0f} turns/s p50 {p50:.2f} ms p99 {p99:.2f} ms replies {len(done)} of {total} "
      f"(inbound to delivered reply, {concurrency} senders, bad signatures {bad_signatures})")
