"""The delay from a handover to its Web Push arriving at a push service, and to its mail arriving at an SMTP server.

Starts the loopback push service (Tests/PushService/push_service.py: it checks the VAPID signature
and decrypts each payload with http_ece), subscribes two online agents of the host at URL (admin key
KEY) to it with push for "assigned", then hands one conversation back and forth between them HANDOVERS
times (POST /conversations/{id}/assign, one at a time) and times each from the request to the
decrypted push arriving, and to the mail reaching the loopback SMTP server (Tests/MailSink, aiosmtpd;
run the host with --mail-batch-ms 0, or the batch window is part of the figure). Prints one line:

    RESULT <handovers> <push p50 ms> <push p99 ms> <mail p50 ms> <mail p99 ms> <lost>

usage: notify_bench.py URL KEY [HANDOVERS]
"""
import json
import os
import socket
import tempfile
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def call(url, method, path, key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:
        text = response.read()
        return json.loads(text) if text else {}


def main():
    url, admin = sys.argv[1], sys.argv[2]
    handovers = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    push = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "PushService", "push_service.py")], stdout=subprocess.PIPE, text=True)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    smtp_port = probe.getsockname()[1]
    probe.close()
    mailbox = tempfile.mktemp(suffix=".jsonl")
    sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "MailSink", "smtp_sink.py"), str(smtp_port), mailbox],
                            stdout=subprocess.PIPE, text=True)
    try:
        sink.stdout.readline()
        call(url, "PUT", "/api/v1/notifications/email-settings", admin, {"smtp_url": f"smtp://127.0.0.1:{smtp_port}", "starttls": False,
                                                                         "from": "notify@bench.example"})
        service = json.loads(push.stdout.readline())
        base = f"http://127.0.0.1:{service['port']}"
        call(url, "PUT", "/api/v1/credentials/bench-notify", admin, {"secret": "bench-notify-secret"})
        call(url, "POST", "/api/v1/channels", admin, {"id": "notify", "plugin_id": "api", "config": {"api_key_credential": "bench-notify"}})
        agents = []
        for name in ("ann", "bob"):
            made = call(url, "POST", "/api/v1/agents", admin, {"email": f"{name}@bench.example", "name": name, "handle": f"bench{name}",
                                                               "role": "agent", "availability": "online"})
            token = call(url, "POST", f"/api/v1/agents/{made['id']}/tokens", admin, {"name": "bench"})["key"]
            call(url, "POST", "/api/v1/notifications/push-subscriptions", token,
                 {"endpoint": f"{base}/push/{name}", "keys": {"p256dh": service["p256dh"], "auth": service["auth"]}})
            call(url, "PUT", "/api/v1/notification-rules", token, {"rules": [{"event": "assigned", "via": ["app", "push", "email"]}]})
            agents.append(made["id"])
        conversation = call(url, "POST", "/hooks/notify/messages", "bench-notify-secret",
                            {"external_id": "bench-customer", "message_id": "bench-1", "text": "hello"})["conversation_id"]
        def mails():
            try:
                with open(mailbox, encoding="utf-8") as f:
                    return [json.loads(line) for line in f if line.strip()]
            except FileNotFoundError:
                return []

        delays, mail_delays, lost = [], [], 0
        for i in range(handovers):
            target = agents[i % 2]
            before = len(json.loads(urllib.request.urlopen(f"{base}/received", timeout=5).read()))
            mails_before = len(mails())
            started = time.time()
            call(url, "POST", f"/api/v1/conversations/{conversation}/assign", admin, {"agent_id": target})
            deadline = time.monotonic() + 10
            arrived = None
            while time.monotonic() < deadline and arrived is None:
                received = json.loads(urllib.request.urlopen(f"{base}/received", timeout=5).read())
                arrived = next((r for r in received[before:] if r["payload"]["conversation_id"] == conversation), None)
                if arrived is None:
                    time.sleep(0.002)
            if arrived is None:
                lost += 1
            else:
                delays.append(arrived["received_at_ms"] - started * 1000)
            mail = None
            while time.monotonic() < deadline and mail is None:
                mail = next(iter(mails()[mails_before:]), None)
                if mail is None:
                    time.sleep(0.002)
            if mail is None:
                lost += 1
            else:
                mail_delays.append(mail["received_at_ms"] - started * 1000)
        pick = lambda xs, q: sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")
        print(f"RESULT {handovers} {pick(delays, 0.50):.1f} {pick(delays, 0.99):.1f} {pick(mail_delays, 0.50):.1f} {pick(mail_delays, 0.99):.1f} {lost}",
              flush=True)
    finally:
        sink.terminate()
        sink.wait(timeout=5)
        if os.path.exists(mailbox):
            os.remove(mailbox)
        push.terminate()
        push.wait(timeout=5)


if __name__ == "__main__":
    main()
