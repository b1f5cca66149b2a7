#!/usr/bin/env python3
"""A loopback SMTP server (aiosmtpd, from PyPI) for tests and benchmarks: accepts every mail and appends
it, parsed, to the JSON-lines file OUT: {"mail_from", "rcpt_tos", "subject", "headers", "body", "received_at_ms"}.
usage: smtp_sink.py PORT OUT   (prints "ready" once listening; serves until killed)"""
import email
import email.policy
import json
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path, self.lock = path, threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "subject": message["Subject"],
                  "headers": {k: str(v) for k, v in message.items()}, "body": message.get_content(),
                  "received_at_ms": int(time.time() * 1000)}
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 OK"


controller = Controller(Sink(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
threading.Event().wait()
