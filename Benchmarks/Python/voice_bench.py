#!/usr/bin/env python3
"""Voice call steps under load: each POST is Twilio's signed request for a new call to a voice instance.

usage: voice_bench.py URL PUBLIC_URL AUTH_TOKEN SECONDS CONNECTIONS

POSTs to URL (the instance's /hooks/<instance>/voice/incoming on loopback) with signed_posts.drive.
Each body carries the parameters Twilio sends when a call comes in, a new CallSid and one of 1000
callers, with X-Twilio-Signature over PUBLIC_URL and the sorted parameters (HMAC-SHA1, base64).
Each answer is the first step of the call: the call recorded in the caller's conversation, the
flow's published revision pinned, the engine run, the state stored by CallSid, TwiML rendered.
A 200 with TwiML counts. Prints: RESULT <answers> <seconds> <p50 ms> <p99 ms> <errors>
"""
import functools
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from signed_posts import drive, twilio_form  # noqa: E402

ACCOUNT = "AC" + "b" * 32
NUMBER = "+14155550100"


def build(public_url, token, process, thread, counter):
    sid = f"CA{process:04x}{thread:04x}{counter:024x}"
    params = {"CallSid": sid, "AccountSid": ACCOUNT, "From": f"+1415555{(counter * 7 + thread) % 1000:04d}", "To": NUMBER,
              "CallStatus": "ringing", "Direction": "inbound", "ApiVersion": "2010-04-01", "FromCountry": "US", "ToCountry": "US"}
    return twilio_form(public_url, token, params)


def main():
    url, public_url, token, seconds, connections = sys.argv[1], sys.argv[2], sys.argv[3].encode(), float(sys.argv[4]), int(sys.argv[5])
    drive(url, functools.partial(build, public_url, token), 1, seconds, connections)


if __name__ == "__main__":
    main()
