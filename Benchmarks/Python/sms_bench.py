#!/usr/bin/env python3
"""SMS ingest under load: one customer text per POST, form-encoded and signed as Twilio signs it.

usage: sms_bench.py URL PUBLIC_URL AUTH_TOKEN SECONDS CONNECTIONS

POSTs to URL (the instance's /hooks/<instance>/sms on loopback) with signed_posts.drive. Each body
carries every parameter Twilio sends for an inbound SMS, a new MessageSid, one of 1000 customers
and 160 characters of text, with X-Twilio-Signature computed over PUBLIC_URL (what Twilio would
have called) and the sorted parameters, HMAC-SHA1 with AUTH_TOKEN, base64. A 200 means the
message is committed. Prints: RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import functools
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from signed_posts import drive, twilio_form  # noqa: E402

ACCOUNT = "AC" + "b" * 32
NUMBER = "+14155550100"
TEXT = "x" * 160


def build(public_url, token, process, thread, counter):
    sid = f"SM{process:04x}{thread:04x}{counter:024x}"
    params = {"ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid, "SmsStatus": "received",
              "Body": TEXT, "To": NUMBER, "NumSegments": "1", "MessageSid": sid, "AccountSid": ACCOUNT,
              "From": f"+1415555{(counter * 7 + thread) % 1000:04d}", "ApiVersion": "2010-04-01", "FromCountry": "US"}
    return twilio_form(public_url, token, params)


def main():
    url, public_url, token, seconds, connections = sys.argv[1], sys.argv[2], sys.argv[3].encode(), float(sys.argv[4]), int(sys.argv[5])
    drive(url, functools.partial(build, public_url, token), 1, seconds, connections)


if __name__ == "__main__":
    main()
