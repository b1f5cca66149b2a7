"""The load driver the webhook benchmarks share (meta_bench.py, sms_bench.py): POSTs that a
provider would send, from CONNECTIONS keep-alive connections spread over worker processes for
SECONDS, each answered 200 once committed. The caller builds each request; this counts, times and
prints one line:

    RESULT <messages> <seconds> <p50 ms> <p99 ms> <errors>
"""
import http.client
import multiprocessing
import threading
import time
from urllib.parse import urlsplit


def _worker(url, build, per_request, seconds, connections, index, queue):
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies, errors, messages = [], 0, 0
    lock = threading.Lock()

    def run(thread):
        nonlocal errors, messages
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        counter, local = 0, []
        while time.monotonic() < deadline:
            counter += 1
            body, headers = build(index, thread, counter)
            started = time.monotonic()
            try:
                conn.request("POST", parts.path, body, headers)
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
                    messages += per_request
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


def drive(url, build, per_request, seconds, connections):
    """build(process, thread, counter) -> (body bytes, headers): one request, signed by the caller.
    per_request: the messages one accepted request commits."""
    # Python threads share one core per process: a few processes so the client keeps up.
    processes = max(1, min(4, connections // 8))
    queue = multiprocessing.Queue()
    started = time.monotonic()
    workers = [multiprocessing.Process(target=_worker, args=(url, build, per_request, seconds,
                                                             connections // processes + (1 if i < connections % processes else 0), i, queue))
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


def twilio_form(public_url, token, params):
    """A form body and headers signed as Twilio signs its webhooks: X-Twilio-Signature is
    HMAC-SHA1 (token) over the public URL and each parameter name and value, sorted by name; base64."""
    import base64, hashlib, hmac
    from urllib.parse import urlencode
    signed = public_url + "".join(name + params[name] for name in sorted(params))
    signature = base64.b64encode(hmac.new(token, signed.encode(), hashlib.sha1).digest()).decode()
    return urlencode(params).encode(), {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
