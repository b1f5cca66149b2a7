#!/usr/bin/env python3
"""A fake provider for __NAME__: what the real provider's contract is, enforced on loopback.

  fake_provider.py serve PORT SECRET      answer POST /messages (checks X-Signature, answers 201 {"id"}),
                                          list them at GET /messages; Ctrl-C stops it
  fake_provider.py send URL SECRET ID FROM TEXT
                                          post one signed inbound message to URL
                                          (http://HOST/hooks/<instance>/messages) and print the answer

Grow it with the real provider: its paths, auth, field names, error shapes and signatures.
"""
import hashlib
import hmac
import json
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def serve(port, secret):
    sent = []

    class Provider(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path != "/messages":
                return self.answer(404, {"error": "not_found"})
            if not hmac.compare_digest(self.headers.get("X-Signature", ""), signature(secret, body)):
                return self.answer(401, {"error": "bad_signature"})
            message = json.loads(body)
            if not message.get("to") or not message.get("text"):
                return self.answer(400, {"error": "to and text are required"})
            sent.append(message)
            self.answer(201, {"id": f"p-{len(sent)}"})

        def do_GET(self):
            self.answer(200, sent)

        def answer(self, status, value):
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", int(port)), Provider)
    print(f"fake provider on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


def send(url, secret, message_id, sender, text):
    body = json.dumps({"id": message_id, "from": sender, "text": text}).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Signature": signature(secret, body)})
    try:
        with urllib.request.urlopen(request) as response:
            print(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode())
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 7 and sys.argv[1] == "send":
        send(*sys.argv[2:])
    else:
        sys.exit(__doc__)
