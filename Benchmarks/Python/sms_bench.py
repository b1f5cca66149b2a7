#!/usr/bin/env python3
"""SMS ingest under load: one customer text per POST, form-encoded and signed as Twilio signs it.

usage: sms_bench.py URL PUBLIC_URL AUTH_TOKEN SECONDS CONNECTIONS

POSTs to URL (the instance's /hooks/<instance>/sms on loopback) from CONNECTIONS keep-alive
connections spread over worker processes, for SECONDS. Each body carries every parameter Twilio
sends for an inbound SMS, a new MessageSid, one of 1000 customers and 160 characters of text, with
X-Twilio-Signature computed over PUBLIC_URL (what Twilio would have called) and the sorted
parameters, HMAC-SHA1 with AUTH_TOKEN, base64. A 200 means the message is committed. Prints:

    RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import base64
import hashlib
import hmac
import http.client
import multiprocessing
import sys
import threading
import time
from urllib.parse import urlencode, urlsplit

ACCOUNT = "AC" + "b" * 32
NUMBER = "+14155550100"


def worker(url, public_url, token, seconds, connections, index, queue):
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies, errors, messages = [], 0, 0
    lock = threading.Lock()

    def run(thread):
        nonlocal errors, messages
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        counter, local = 0, []
        text = "x" * 160
        while time.monotonic() < deadline:
            counter += 1
            sid = f"SM{index:04x}{thread:04x}{counter:024x}"
            customer = f"+1415555{(counter * 7 + thread) % 1000:04d}"
            params = {"ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid, "SmsStatus": "received",
                      "Body": text, "To": NUMBER, "NumSegments": "1", "MessageSid": sid, "AccountSid": ACCOUNT, "From": customer,
                      "ApiVersion": "2010-04-01", "FromCountry": "US"}
            signed = public_url + "".join(name + params[name] for name in sorted(params))
            signature = base64.b64encode(hmac.new(token, signed.encode(), hashlib.sha1).digest()).decode()
            body = urlencode(params).encode()
            started = time.monotonic()
            try:
                conn.request("POST", parts.path, body, {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            local.append(time.monotonic() - started)
            with lock:
                if ok:
                    messages += 1
                else:
                    errors += 1
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((messages, errors, latencies))


def main():
    url, public_url, token, seconds, connections = sys.argv[1], sys.argv[2], sys.argv[3].encode(), float(sys.argv[4]), int(sys.argv[5])
    # Python threads share one core per process, and signing costs more per message than Meta's
    # batches: a few processes so the client keeps up.
    processes = max(1, min(4, connections // 8))
    queue = multiprocessing.Queue()
    started = time.monotonic()
    workers = [multiprocessing.Process(target=worker, args=(url, public_url, token, seconds,
                                                            connections // processes + (1 if i < connections % processes else 0), i, queue))
               for i in range(processes)]
    for w in workers:
        w.start()
    results = [queue.get() for _ in workers]
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    messages = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    latencies = sorted(l for r in results for l in r[2])

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    print(f"RESULT {messages} {elapsed:.3f} {percentile(0.50):.2f} {percentile(0.99):.2f} {errors}")


if __name__ == "__main__":
    main()
