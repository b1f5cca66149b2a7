#!/usr/bin/env python3
"""Messenger ingest under load: signed webhook batches of 10 messages, as Meta posts them.

usage: meta_bench.py URL APP_SECRET PAGES SECONDS CONNECTIONS

POSTs to URL (the app's shared callback, /hooks/shared/messenger/<connection>/webhook) with
signed_posts.drive. Each body is one "page" batch whose 10 messages go to PAGES Pages
(comma-separated ids) from 1000 customers, each with a new mid, signed with X-Hub-Signature-256
over the raw bytes exactly as Meta signs them. A 200 means every message of the batch is
committed. Prints one line:

    RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import functools
import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from signed_posts import drive  # noqa: E402

PER_BATCH = 10
TEXT = "x" * 200


def build(secret, pages, process, thread, counter):
    now = int(time.time() * 1000)
    entries = {}
    for k in range(PER_BATCH):
        page = pages[(counter + k) % len(pages)]
        customer = f"psid-{(counter * PER_BATCH + k) % 1000}"
        event = {"sender": {"id": customer}, "recipient": {"id": page}, "timestamp": now,
                 "message": {"mid": f"m.{process}.{thread}.{counter}.{k}", "text": TEXT}}
        entries.setdefault(page, []).append(event)
    body = json.dumps({"object": "page", "entry": [
        {"id": page, "time": now, "messaging": events} for page, events in entries.items()]},
        separators=(",", ":")).encode()
    signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}


def main():
    url, secret, pages, seconds, connections = sys.argv[1], sys.argv[2].encode(), sys.argv[3].split(","), float(sys.argv[4]), int(sys.argv[5])
    drive(url, functools.partial(build, secret, pages), PER_BATCH, seconds, connections)


if __name__ == "__main__":
    main()
