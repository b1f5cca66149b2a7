#!/usr/bin/env python3
"""Meta ingest under load: signed webhook batches of 10 messages, as Meta posts them.

usage: meta_bench.py URL APP_SECRET ASSETS SECONDS CONNECTIONS [messenger|whatsapp]

POSTs to URL (the app's shared callback, /hooks/shared/<plugin>/<connection>/webhook) with
signed_posts.drive, signed with X-Hub-Signature-256 over the raw bytes exactly as Meta signs them.
- messenger (default): each body is one "page" batch whose 10 messages go to ASSETS Pages
  (comma-separated ids) from 1000 customers, each with a new mid.
- whatsapp: ASSETS are phone number ids and each body is one "whatsapp_business_account" batch:
  per number one change with its messages (customers with a wa_id and a BSUID) and as many
  statuses for earlier messages.
A 200 means every message of the batch is committed. Prints one line:

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


def messenger_batch(pages, prefix, counter, now):
    entries = {}
    for k in range(PER_BATCH):
        page = pages[(counter + k) % len(pages)]
        customer = f"psid-{(counter * PER_BATCH + k) % 1000}"
        event = {"sender": {"id": customer}, "recipient": {"id": page}, "timestamp": now,
                 "message": {"mid": f"m.{prefix}.{counter}.{k}", "text": TEXT}}
        entries.setdefault(page, []).append(event)
    return json.dumps({"object": "page", "entry": [
        {"id": page, "time": now, "messaging": events} for page, events in entries.items()]}, separators=(",", ":")).encode()


def whatsapp_batch(numbers, prefix, counter, now):
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
                                  "timestamp": str(now // 1000), "type": "text", "text": {"body": TEXT}})
        value["statuses"].append({"id": f"wamid.out.{prefix}.{counter - 1}.{k}", "status": "delivered",
                                  "timestamp": str(now // 1000), "recipient_id": wa_id})
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "7007", "changes": [
        {"field": "messages", "value": value} for value in changes.values()]}]}, separators=(",", ":")).encode()


def build(secret, assets, product, process, thread, counter):
    batch = whatsapp_batch if product == "whatsapp" else messenger_batch
    body = batch(assets, f"{process}.{thread}", counter, int(time.time() * 1000))
    signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}


def main():
    url, secret, assets, seconds, connections = sys.argv[1], sys.argv[2].encode(), sys.argv[3].split(","), float(sys.argv[4]), int(sys.argv[5])
    product = sys.argv[6] if len(sys.argv) > 6 else "messenger"
    drive(url, functools.partial(build, secret, assets, product), PER_BATCH, seconds, connections)


if __name__ == "__main__":
    main()
