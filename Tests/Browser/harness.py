"""The browser test's world: the real host binary on a loopback port, its REST API and the API
channel, a loopback Mailgun that holds the email channel to Mailgun's contract, and headless
Chromium driven by Selenium. Every wait is bounded; everything started here is stopped here."""

import base64
import email.parser
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("SWITCHBOARD_BINARY", os.path.join(ROOT, ".build", "debug", "switchboard"))
PLUGINS = os.environ.get("SWITCHBOARD_TEST_PLUGINS", os.path.join(ROOT, ".build", "plugins"))


class Failure(Exception):
    pass


def wait_for(what, check, timeout=10.0, interval=0.05):
    """Poll check() until it returns something truthy; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as error:  # a check may fail while the thing it waits for is not there yet
            last_error = error
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f}s waiting for {what}" + (f" (last error: {last_error})" if last_error else ""))


# The host ---------------------------------------------------------------------------------------

class Host:
    """`switchboard serve` with its own data directory and a copy of the staged plugins."""

    def __init__(self, plugins=("api", "email"), extra=()):
        self.scratch = tempfile.mkdtemp(prefix="switchboard-browser-")
        self.data = os.path.join(self.scratch, "data")
        self.plugins = os.path.join(self.scratch, "plugins")
        os.makedirs(self.plugins)
        for plugin in plugins:
            source = os.path.join(PLUGINS, plugin)
            if not os.path.exists(os.path.join(source, "plugin.json")):
                raise Failure(f"plugin {plugin} is not staged at {source}: run scripts/stage-plugins")
            shutil.copytree(source, os.path.join(self.plugins, plugin))
        self.extra = list(extra)
        self.log_path = os.path.join(self.scratch, "host.log")
        self.process = None
        self.port = 0
        self.start(0)
        with open(os.path.join(self.data, "admin.key")) as f:
            self.admin_key = f.read().strip()

    def start(self, port):
        if not os.path.exists(BINARY):
            raise Failure(f"no host binary at {BINARY}: build first (swift build)")
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--data", self.data, "--plugins", self.plugins, "--listen", f"127.0.0.1:{port}",
             "--retry-base-ms", "50", "--retry-max-ms", "400", "--drain-timeout-ms", "2000",
             "--allow-networks", "127.0.0.0/8,::1/128"] + self.extra,
            stdout=subprocess.PIPE, stderr=log, text=True)
        deadline = time.monotonic() + 20
        line = ""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                return
            if not line and self.process.poll() is not None:
                break
        raise Failure(f"the host did not start: {line}\n{self.log()[-2000:]}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def restart(self):
        """Stop and start again on the same port and data (browsers reconnect to the same address)."""
        port = self.port
        self.stop()
        self.start(port)

    def close(self):
        self.stop()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # REST, as the admin key unless told otherwise.
    def request(self, method, path, body=None, key=None, headers=None, expect=None, timeout=15, raw=None):
        """`raw`: bytes sent as they are (a signed webhook), instead of `body` as JSON."""
        data = raw
        all_headers = dict(headers or {})
        token = self.admin_key if key is None else key
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        parsed = json.loads(text) if text.strip().startswith(("{", "[")) else text
        if expect is not None and status not in (expect if isinstance(expect, tuple) else (expect,)):
            raise Failure(f"{method} {path}: expected {expect}, got {status}: {text[:500]}")
        return status, parsed

    def api(self, method, path, body=None, expect=(200, 201, 202, 204), **kw):
        return self.request(method, "/api/v1" + path, body, expect=expect, **kw)[1]

    def widget_visitor(self, instance, name):
        """A web chat visitor's token (POST /hooks/<instance>/session), as the widget gets one."""
        return self.request("POST", f"/hooks/{instance}/session", {"name": name}, key="", expect=(200, 201))[1]["visitor_token"]

    def upload(self, instance, token, name, content_type, data):
        """A visitor uploads a file through the web chat widget (POST /hooks/<instance>/uploads): the
        host keeps it (file_store) and serves it at <host>/files/<id>/<name>. Returns the attachment
        object, and the upload's message and conversation."""
        req = urllib.request.Request(f"{self.url}/hooks/{instance}/uploads?name={urllib.parse.quote(name)}", data=data, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
        with urllib.request.urlopen(req, timeout=15) as response:
            return json.loads(response.read().decode())

    def customer_message(self, instance, secret, external_id, text, name=None, message_id=None, **extra):
        """A customer writes through the API channel (POST /hooks/<instance>/messages)."""
        body = {"external_id": external_id, "message_id": message_id or f"m-{time.time_ns()}", "text": text}
        if name:
            body["name"] = name
        body.update(extra)
        return self.request("POST", f"/hooks/{instance}/messages", body, key=secret, expect=(200, 201))[1]


# A loopback Mailgun -----------------------------------------------------------------------------

KNOWN = {"from", "to", "cc", "bcc", "subject", "text", "html", "amp-html", "template", "attachment", "inline", "recipient-variables"}


class FakeMailgun:
    """The part of Mailgun the email channel uses (Plugins/Mailgun/FakeMailgun.md): HTTP Basic
    api:<key> on every request, POST /v3/<domain>/messages (url-encoded or multipart; from, to,
    subject and text or html required; only fields Mailgun knows), GET /v3/domains/<domain>."""

    def __init__(self, domain="mg.acme.example", api_key="key-test-123", signing_key="whsk-test-456"):
        self.domain, self.api_key, self.signing_key = domain, api_key, signing_key
        self.sent = []
        self.refused = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body):
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def authorized(self):
                expected = "Basic " + base64.b64encode(f"api:{fake.api_key}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.answer(401, b"Forbidden")
                    return False
                return True

            def do_GET(self):
                if not self.authorized():
                    return
                if self.path == f"/v3/domains/{fake.domain}":
                    record = lambda kind, name, value: {"record_type": kind, "name": name, "value": value, "valid": "valid"}
                    return self.answer(200, {"domain": {"name": fake.domain, "state": "active", "type": "custom"},
                                             "receiving_dns_records": [{"priority": "10", "record_type": "MX", "valid": "valid", "value": "mxa.mailgun.org"}],
                                             "sending_dns_records": [record("TXT", fake.domain, "v=spf1 include:mailgun.org ~all")]})
                self.answer(404, {"message": "Not Found"})

            def do_POST(self):
                if not self.authorized():
                    return
                if self.path != f"/v3/{fake.domain}/messages":
                    return self.answer(404, {"message": "Not Found"})
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                fields = fake.parse(self.headers.get("Content-Type", ""), raw)
                if fields is None:
                    return self.answer(400, {"message": "unsupported body"})
                names = {name for name, _ in fields}
                unknown = [n for n in names if n not in KNOWN and not re.match(r"^(o|h|v|t):", n)]
                missing = [n for n in ("from", "to", "subject") if n not in names]
                if unknown or missing or not ({"text", "html"} & names):
                    with fake.lock:
                        fake.refused.append(fields)
                    return self.answer(400, {"message": f"unknown {unknown} / missing {missing}"})
                mail_id = f"<{time.time_ns()}.fake@{fake.domain}>"
                with fake.lock:
                    fake.sent.append({"fields": fields, "id": mail_id})
                self.answer(200, {"id": mail_id, "message": "Queued. Thank you."})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def parse(content_type, raw):
        if content_type.startswith("application/x-www-form-urlencoded"):
            return urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True)
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
            fields = []
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename():
                    fields.append((name, f"<file {part.get_filename()}>"))
                else:
                    fields.append((name, part.get_content()))
            return fields
        return None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def mails(self):
        with self.lock:
            return [dict(fields=list(m["fields"]), id=m["id"]) for m in self.sent]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# Steps in the browser ---------------------------------------------------------------------------

class Run:
    def __init__(self, driver, host, mailgun, artifacts):
        self.d, self.host, self.mailgun = driver, host, mailgun
        self.artifacts = artifacts
        self.results = []

    def shot(self, name):
        """<artifacts>/NN-<name>.png, numbered in the order taken."""
        self.shots = getattr(self, "shots", 0) + 1
        self.d.save_screenshot(os.path.join(self.artifacts, f"{self.shots:02d}-{name}.png"))

    def step(self, name, fn):
        started = time.monotonic()
        try:
            fn()
            seconds = time.monotonic() - started
            self.results.append((name, True, seconds, ""))
            print(f"  PASS {name} ({seconds:.1f}s)", flush=True)
            return True
        except Exception as error:  # every failure is reported with its screenshot, then the run stops
            seconds = time.monotonic() - started
            detail = f"{type(error).__name__}: {error}"
            self.results.append((name, False, seconds, detail))
            print(f"  FAIL {name} ({seconds:.1f}s): {detail}", flush=True)
            traceback.print_exc()
            try:
                self.shot(f"fail-{name}")
            except Exception:
                pass
            return False

    # helpers
    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def find(self, css, timeout=10):
        from selenium.webdriver.common.by import By
        return wait_for(f"element {css}", lambda: next((e for e in self.d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None), timeout)

    def click(self, css, timeout=10):
        """Click the element, finding it again if the app redrew it meanwhile."""
        wait_for(f"a click on {css}", lambda: self.find(css, timeout=2).click() or True, timeout)

    def keys(self, *keys):
        """Send keys to whatever has focus (shortcuts go to the page, not a field)."""
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.d).send_keys(*keys).perform()

    def blur(self):
        self.js("document.activeElement && document.activeElement.blur && document.activeElement.blur()")

    def conversation(self, cid):
        return self.host.api("GET", f"/conversations/{cid}")


# The browser ------------------------------------------------------------------------------------

def chromium(width=1440, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--disable-extensions", "--no-first-run", "--disable-background-networking", "--lang=en-US"):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(60)
    return driver


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The scripts' main() -------------------------------------------------------------------------

def run_script(label, artifacts, budget_seconds, start, steps, window=(1440, 900), expected_console=lambda message: False):
    """What every browser script does around its steps: bounded as a whole (SIGALRM) and stopped
    cleanly (browser, host, fakes) when the runner interrupts or terminates it; screenshots of the
    last run removed; one closing line; console errors count as a failure.

    start(stack) starts the servers (registering how to stop each on the contextlib.ExitStack) and
    returns (host, keep_hint, figures, make_run): `--keep` prints keep_hint and leaves everything running;
    make_run(driver) returns the Run whose steps `steps(run)` takes (True when all passed). figures
    (a dict the steps may fill) is written to artifacts/figures.json. Returns the exit status."""
    import contextlib
    keep = "--keep" in sys.argv

    def overrun(signum, frame):
        raise Failure(f"the {label} test ran over its budget of {budget_seconds} s")

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    if not keep:
        signal.signal(signal.SIGALRM, overrun)
        signal.alarm(budget_seconds)
    os.makedirs(artifacts, exist_ok=True)
    for name in os.listdir(artifacts):
        if name.endswith(".png"):
            os.remove(os.path.join(artifacts, name))
    host = None   # for its log when something fails
    with contextlib.ExitStack() as stack:
        try:
            host, keep_hint, figures, make_run = start(stack)
            if keep:
                print(f"{keep_hint}  (Ctrl-C stops)", flush=True)
                while True:
                    time.sleep(3600)
            driver = chromium(*window)
            stack.callback(driver.quit)
            run = make_run(driver)
            ok = steps(run)
            if figures:
                with open(os.path.join(artifacts, "figures.json"), "w") as f:
                    json.dump(figures, f, indent=2)
            passed = sum(1 for r in run.results if r[1])
            print(f"{label}: {passed} of {len(run.results)} steps passed" + (f"; figures: {json.dumps(figures)}" if figures else ""), flush=True)
            severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and not expected_console(e["message"])]
            if severe:
                print("browser console errors:\n  " + "\n  ".join(severe), flush=True)
                ok = False
            return 0 if ok else 1
        except KeyboardInterrupt:
            return 0 if keep else 1
        except Exception:
            traceback.print_exc()
            if host:
                print(host.log()[-3000:])
            return 1


# Scripts on the agents' app over a seeded host ----------------------------------------------------

def app_session_console(message):
    """Console errors an app script expects: the session check before sign-in (401), the stream."""
    return ("/api/v1/me" in message and "401" in message) or "/api/v1/stream" in message


class WorldRun(Run):
    """A Run that carries what seed() made (conversation ids and the like) for the steps."""

    def __init__(self, driver, host, world, artifacts):
        super().__init__(driver, host, None, artifacts)
        self.world = world


def run_seeded_app(label, artifacts, budget_seconds, plugins, seed, steps, sign_in, extra=(), expected_console=app_session_console):
    """A script on the agents' app: a host with `plugins` (and --web SWITCHBOARD_WEB when set),
    seed(host) → world, then steps(run, world) in Chromium. `sign_in` is the hint --keep prints;
    `expected_console` tells the console errors the steps cause on purpose."""
    def start(stack):
        web = ["--web", os.environ["SWITCHBOARD_WEB"]] if os.environ.get("SWITCHBOARD_WEB") else []
        host = Host(plugins=plugins, extra=["--durability", "normal"] + list(extra) + web)
        stack.callback(host.close)
        world = seed(host)
        return host, f"{host.url}/app  sign in as {sign_in}", None, lambda driver: WorldRun(driver, host, world, artifacts)
    return run_script(label, artifacts, budget_seconds, start, lambda run: steps(run, run.world), expected_console=expected_console)
