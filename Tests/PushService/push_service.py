#!/usr/bin/env python3
"""A loopback Web Push service (RFC 8030) standing in for a browser vendor's, for tests and benchmarks.

It holds one browser's subscription keys (made here, as a browser makes them), and for every push:
checks the VAPID header (RFC 8292: an ES256 JWT signed by the key in `k`, verified by py_vapid, whose `aud`
is this service's origin and `exp` within 24 h), then decrypts the aes128gcm body
(RFC 8291) with http_ece, the reference library. Paths decide the answer, as a real service's would:
  POST /push/<name>   201 and the message is kept
  POST /gone/<name>   410 Gone (an expired subscription)
  POST /flaky/<name>  500 for the first two attempts, then 201
  GET  /received      what was delivered: [{"path", "payload", "received_at_ms", "vapid_sub"}]
Prints one JSON line on start: {"port", "p256dh", "auth"} (base64url), then serves until killed.
"""
import base64, json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


browser_key = ec.generate_private_key(ec.SECP256R1())
auth_secret = os.urandom(16)
public_point = browser_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
received, attempts, lock = [], {}, threading.Lock()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_vapid(header: str, origin: str) -> dict:
    """The claims of a valid `vapid t=…, k=…` header; raises ValueError naming what is wrong."""
    if not header.startswith("vapid "):
        raise ValueError("Authorization is not the vapid scheme")
    # py_vapid checks the ES256 signature with the key in k; it splits on the last space, so the
    # optional space after the comma (RFC 8292 §3's example has one) is taken out first.
    if not Vapid02.verify(header.replace(", ", ",")):
        raise ValueError("the VAPID signature does not verify")
    params = dict(part.strip().split("=", 1) for part in header[len("vapid "):].split(","))
    head_b64, claims_b64, _ = params["t"].split(".")
    head, claims = json.loads(unb64url(head_b64)), json.loads(unb64url(claims_b64))
    if head.get("alg") != "ES256":
        raise ValueError("alg is not ES256")
    if claims.get("aud") != origin:
        raise ValueError(f"aud {claims.get('aud')!r} is not {origin!r}")
    if not (time.time() < claims.get("exp", 0) <= time.time() + 24 * 3600):
        raise ValueError("exp is not within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise ValueError("sub is not a mailto: or https: URI")
    return claims


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/received":
            return self.answer(404)
        with lock:
            self.answer(200, json.dumps(received).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kind = self.path.split("/")[1]
        if kind == "gone":
            return self.answer(410, b"subscription expired")
        if kind == "flaky":
            with lock:
                attempts[self.path] = attempts.get(self.path, 0) + 1
                if attempts[self.path] <= 2:
                    return self.answer(500, b"try again")
        if kind not in ("push", "flaky"):
            return self.answer(404)
        try:
            if self.headers.get("Content-Encoding") != "aes128gcm":
                raise ValueError("Content-Encoding is not aes128gcm")
            if not self.headers.get("TTL", "").isdigit():
                raise ValueError("TTL is missing")
            claims = check_vapid(self.headers.get("Authorization", ""), f"http://127.0.0.1:{self.server.server_port}")
            payload = http_ece.decrypt(body, private_key=browser_key, auth_secret=auth_secret, version="aes128gcm")
        except Exception as error:  # a real service answers 400/401/403; the test reads the reason
            return self.answer(400 if not isinstance(error, ValueError) else 403, repr(error).encode())
        with lock:
            received.append({"path": self.path, "payload": json.loads(payload), "received_at_ms": int(time.time() * 1000),
                             "vapid_sub": claims["sub"]})
        self.answer(201)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"port": server.server_port, "p256dh": b64url(public_point), "auth": b64url(auth_secret)}), flush=True)
server.serve_forever()
