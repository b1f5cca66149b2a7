#!/usr/bin/env python3
"""Hold N idle web chat widget streams on one host; measure its memory and the push delay.

usage: widget_streams.py BASE_URL INSTANCE ADMIN_KEY HOST_PID STREAMS PROBES

Each of STREAMS visitors gets a session (POST /hooks/<instance>/session) and opens its
Server-Sent Events stream (GET /stream?token=...), as the widget does. PROBES of them also send
a message first, so they have a conversation; their streams are read by this process, the other
streams are only held open by up to four child processes, from source addresses 127.0.0.2, .3,
... (25,000 each) so more than one address's ephemeral ports are available. With every stream open and idle, the host's
resident memory and thread count are read from /proc. Then, one probe at a time, an agent's
reply is posted through the REST API and timed until its `event: message` arrives on that
visitor's stream: the push delay (REST commit, outbox, plugin deliver, stream write, loopback).

Prints one parseable line:
  widget-streams: N open rss R MB (host before streams B MB) threads T push p50 X ms p99 Y ms probes P
Standard library only (asyncio for the streams, http.client for the set-up and the replies,
multiprocessing for the holders).
"""
import asyncio
import http.client
import multiprocessing
import os
import json
import statistics
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

BASE, INSTANCE, ADMIN_KEY, HOST_PID = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
STREAMS, PROBES = int(sys.argv[5]), int(sys.argv[6])
URL = urllib.parse.urlparse(BASE)
HOOKS = f"/hooks/{INSTANCE}"


def proc_status(field):
    with open(f"/proc/{HOST_PID}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Client:
    """One keep-alive connection for set-up calls (one per worker thread)."""

    def __init__(self):
        self.connection = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)

    def call(self, method, path, body=None, token=None, key=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else {}


def make_visitors(count, probes):
    """Sessions for every visitor; the first `probes` also send a message (a conversation)."""
    def work(indexes):
        client = Client()
        made = []
        for i in indexes:
            session = client.call("POST", HOOKS + "/session", {"name": f"Visitor {i}", "email": f"v{i}@example.com"})
            token, conversation = session["visitor_token"], None
            if i < probes:
                sent = client.call("POST", HOOKS + "/messages", {"text": f"hello from {i}", "client_message_id": f"c{i}"}, token=token)
                conversation = sent["conversation_id"]
            made.append((token, conversation))
        return made
    chunks = [range(start, count, 8) for start in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, chunks))
    ordered = [None] * count
    for chunk, made in zip(chunks, results):
        for i, visitor in zip(chunk, made):
            ordered[i] = visitor
    return ordered


class Streams:
    def __init__(self):
        self.open = 0
        self.failed = 0
        self.waiting = {}   # marker text -> future, resolved with the arrival time

    async def hold(self, token, last_event_id, index):
        try:
            # One source address has ~28k ephemeral ports towards one server port: spread the
            # streams over 127.0.0.2, .3, ... (all loopback) past 64k.
            local = (f"127.0.0.{2 + index // 25000}", 0) if URL.hostname == "127.0.0.1" else None
            reader, writer = await asyncio.open_connection(URL.hostname, URL.port, local_addr=local, limit=4096)
        except OSError:
            self.failed += 1
            return
        query = urllib.parse.urlencode({"token": token, "last_event_id": last_event_id})
        writer.write(f"GET {HOOKS}/stream?{query} HTTP/1.1\r\nHost: {URL.hostname}\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            self.failed += 1
            writer.close()
            return
        self.open += 1
        buffer = b""
        while True:
            chunk = await reader.read(4096)
            if not chunk:
                break
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if b"event: message" in event and self.waiting:
                    arrived = time.perf_counter()
                    for marker, future in list(self.waiting.items()):
                        if marker.encode() in event and not future.done():
                            future.set_result(arrived)
        self.open -= 1


class Idle(asyncio.Protocol):
    """A stream that only needs to stay open (no probe): the cheapest client asyncio has."""

    def __init__(self, request, counts):
        self.request, self.counts, self.seen = request, counts, False

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        if not self.seen:
            self.seen = True
            self.counts[0 if b" 200 " in data.split(b"\r\n", 1)[0] else 1] += 1

    def connection_lost(self, exc):
        if self.seen:
            self.counts[0] -= 1


def hold_idle(tokens, first_index, counts):
    """A child process holding its share of the idle streams until it is terminated."""
    async def run():
        loop = asyncio.get_running_loop()
        local = [0, 0]
        for n, token in enumerate(tokens):
            i = first_index + n
            query = urllib.parse.urlencode({"token": token, "last_event_id": 1 << 40})
            request = f"GET {HOOKS}/stream?{query} HTTP/1.1\r\nHost: {URL.hostname}\r\nAccept: text/event-stream\r\n\r\n".encode()
            local_addr = (f"127.0.0.{2 + i // 25000}", 0) if URL.hostname == "127.0.0.1" else None
            try:
                await loop.create_connection(lambda: Idle(request, local), URL.hostname, URL.port, local_addr=local_addr)
            except OSError:
                local[1] += 1
            if n % 200 == 199:
                counts[0], counts[1] = local[0], local[1]
        while True:
            counts[0], counts[1] = local[0], local[1]
            await asyncio.sleep(0.2)
    asyncio.run(run())


async def main():
    rss_before = proc_status("VmRSS")
    visitors = await asyncio.get_running_loop().run_in_executor(None, make_visitors, STREAMS, PROBES)
    streams = Streams()
    tasks = []
    # The probes' streams are read here; the rest only stay open, held by a few child processes
    # (one Python process is too slow to open 100,000 connections in time).
    for i, (token, _) in enumerate(visitors[:PROBES]):
        # Resume after everything stored so far: only new events are pushed.
        tasks.append(asyncio.create_task(streams.hold(token, 1 << 40, i)))
    holders, rest = [], [token for token, _ in visitors[PROBES:]]
    workers = max(1, min(4, os.cpu_count() or 1, len(rest) // 5000 + 1))
    share = (len(rest) + workers - 1) // workers
    for w in range(workers):
        counts = multiprocessing.Array("l", 2)
        child = multiprocessing.Process(target=hold_idle, args=(rest[w * share:(w + 1) * share], PROBES + w * share, counts), daemon=True)
        child.start()
        holders.append((child, counts))

    def opened():
        return streams.open + sum(c[0] for _, c in holders), streams.failed + sum(c[1] for _, c in holders)
    deadline = time.monotonic() + 120 + STREAMS / 500
    while sum(opened()) < STREAMS and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    await asyncio.sleep(2)   # idle: let the host settle
    rss, threads = proc_status("VmRSS"), proc_status("Threads")
    held, failed = opened()

    agent = Client()
    loop = asyncio.get_running_loop()
    delays = []
    for i in range(PROBES):
        _, conversation = visitors[i]
        marker = f"probe-{i}-{time.monotonic_ns()}"
        future = loop.create_future()
        streams.waiting[marker] = future
        started = time.perf_counter()
        await loop.run_in_executor(None, agent.call, "POST", f"/api/v1/conversations/{conversation}/messages",
                                   {"text": marker}, None, ADMIN_KEY)
        try:
            arrived = await asyncio.wait_for(future, 10)
            delays.append((arrived - started) * 1000)
        except asyncio.TimeoutError:
            pass
        del streams.waiting[marker]
        await asyncio.sleep(0.02)
    for task in tasks:
        task.cancel()
    for child, _ in holders:
        child.terminate()
    if not delays:
        print(f"widget-streams: {held} open rss {rss // 1024} MB: no push arrived (failed streams {failed})")
        sys.exit(1)
    delays.sort()
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    print(f"widget-streams: {held} open rss {rss // 1024} MB (host before streams {rss_before // 1024} MB) threads {threads} "
          f"push p50 {statistics.median(delays):.2f} ms p99 {p99:.2f} ms probes {len(delays)} of {PROBES}"
          + (f" failed streams {failed}" if failed else ""), flush=True)


asyncio.run(main())
