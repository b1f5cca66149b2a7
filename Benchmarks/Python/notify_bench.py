"""The delay from a handover to its Web Push arriving at a push service.

Starts the loopback push service (Tests/PushService/push_service.py: it checks the VAPID signature
and decrypts each payload with http_ece), subscribes two online agents of the host at URL (admin key
KEY) to it with push for "assigned", then hands one conversation back and forth between them HANDOVERS
times (POST /conversations/{id}/assign, one at a time) and times each from the request to the
decrypted push arriving. Prints one line:

    RESULT <handovers> <p50 ms> <p99 ms> <lost>

usage: notify_bench.py URL KEY [HANDOVERS]
"""
import json
import os
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
    try:
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
            call(url, "PUT", "/api/v1/notification-rules", token, {"rules": [{"event": "assigned", "via": ["app", "push"]}]})
            agents.append(made["id"])
        conversation = call(url, "POST", "/hooks/notify/messages", "bench-notify-secret",
                            {"external_id": "bench-customer", "message_id": "bench-1", "text": "hello"})["conversation_id"]
        delays, lost = [], 0
        for i in range(handovers):
            target = agents[i % 2]
            before = len(json.loads(urllib.request.urlopen(f"{base}/received", timeout=5).read()))
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
        delays.sort()
        pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] if delays else float("nan")
        print(f"RESULT {handovers} {pick(0.50):.1f} {pick(0.99):.1f} {lost}", flush=True)
    finally:
        push.terminate()
        push.wait(timeout=5)


if __name__ == "__main__":
    main()
