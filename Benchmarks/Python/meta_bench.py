#!/usr/bin/env python3
"""Messenger (or WhatsApp) ingest under load: signed webhook batches of 10 messages, as Meta posts them.

usage: meta_bench.py URL APP_SECRET PAGES SECONDS CONNECTIONS [messenger|whatsapp]

POSTs to URL (the app's shared callback, /hooks/shared/messenger/<connection>/webhook) from
CONNECTIONS keep-alive connections spread over worker processes, for SECONDS. Each body is one
"page" batch whose 10 messages go to PAGES Pages (comma-separated ids) from 1000 customers, each
with a new mid, signed with X-Hub-Signature-256 over the raw bytes exactly as Meta signs them.
With "whatsapp", PAGES are phone number ids and each body is one "whatsapp_business_account"
batch: per number one change with its messages (customers with a wa_id and a BSUID) and as many
statuses for earlier messages. A 200 means every message of the batch is committed. Prints one line:

    RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import hashlib
import hmac
import http.client
import json
import multiprocessing
import sys
import threading
import time
from urllib.parse import urlsplit

PER_BATCH = 10


def messenger_batch(pages, prefix, counter, now, text):
    entries = {}
    for k in range(PER_BATCH):
        page = pages[(counter + k) % len(pages)]
        customer = f"psid-{(counter * PER_BATCH + k) % 1000}"
        event = {"sender": {"id": customer}, "recipient": {"id": page}, "timestamp": now,
                 "message": {"mid": f"m.{prefix}.{counter}.{k}", "text": text}}
        entries.setdefault(page, []).append(event)
    return json.dumps({"object": "page", "entry": [
        {"id": page, "time": now, "messaging": events} for page, events in entries.items()]}, separators=(",", ":")).encode()


def whatsapp_batch(numbers, prefix, counter, now, text):
    changes = {}
    for k in range(PER_BATCH):
        number = numbers[(counter + k) % len(numbers)]
        customer = (counter * PER_BATCH + k) % 1000
        value = changes.setdefault(number, {"messaging_product": "whatsapp",
                                            "metadata": {"display_phone_number": "15550100" + number[-3:], "phone_number_id": number},
                                            "contacts": [], "messages": [], "statuses": []})
        wa_id = f"4915100{customer:06d}"
        value["contacts"].append({"profile": {"name": f"Customer {customer}"}, "wa_id": wa_id, "user_id": f"DE.{customer:020d}"})
        value["messages"].append({"from": wa_id, "from_user_id": f"DE.{customer:020d}", "id": f"wamid.{prefix}.{counter}.{k}",
                                  "timestamp": str(now // 1000), "type": "text", "text": {"body": text}})
        value["statuses"].append({"id": f"wamid.out.{prefix}.{counter - 1}.{k}", "status": "delivered",
                                  "timestamp": str(now // 1000), "recipient_id": wa_id})
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "7007", "changes": [
        {"field": "messages", "value": value} for value in changes.values()]}]}, separators=(",", ":")).encode()


def worker(url, secret, pages, seconds, connections, index, queue, product):
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies, errors, messages = [], 0, 0
    lock = threading.Lock()

    def run(thread):
        nonlocal errors, messages
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        counter, local = 0, []
        text = "x" * 200
        while time.monotonic() < deadline:
            counter += 1
            now = int(time.time() * 1000)
            if product == "whatsapp":
                body = whatsapp_batch(pages, f"{index}.{thread}", counter, now, text)
            else:
                body = messenger_batch(pages, f"{index}.{thread}", counter, now, text)
            signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            started = time.monotonic()
            try:
                conn.request("POST", parts.path, body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature})
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
                    messages += PER_BATCH
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
    url, secret, pages, seconds, connections = sys.argv[1], sys.argv[2].encode(), sys.argv[3].split(","), float(sys.argv[4]), int(sys.argv[5])
    product = sys.argv[6] if len(sys.argv) > 6 else "messenger"
    # Python threads share one core per process: a few processes so the client keeps up.
    processes = max(1, min(4, connections // 8))
    queue = multiprocessing.Queue()
    started = time.monotonic()
    workers = [multiprocessing.Process(target=worker, args=(url, secret, pages, seconds, connections // processes + (1 if i < connections % processes else 0), i, queue, product))
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
