"""An integrator's first hour, through a client generated from the served OpenAPI document.

usage: integrator_scenario.py BASE_URL ADMIN_KEY WORK_DIR
Run by APIContractTests with the contract virtual environment's python (scripts/setup --test):
generates a client with openapi-python-client into WORK_DIR, then, against the real host: stores a
credential, creates an API channel instance, pushes a customer message into it (the API channel's
own /hooks endpoint, documented by its README, not by the OpenAPI document), lists conversations,
replies, subscribes a webhook (a receiver on loopback here), pushes another message and reads the
delivery. Every /api/v1 call goes through the generated client; any surprise exits non-zero.
"""
import importlib
import json
import pathlib
import subprocess
import sys
import threading
import time
import typing
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

base_url, admin_key, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
venv_bin = pathlib.Path(sys.executable).parent


def fail(message):
    print(f"scenario: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


# 1. The generator reads the document the host serves, and must not drop an operation.
document = work / "openapi.json"
with urllib.request.urlopen(base_url + "/api/v1/openapi.json", timeout=10) as answer:
    document.write_bytes(answer.read())
generated = subprocess.run([str(venv_bin / "openapi-python-client"), "generate", "--path", str(document),
                            "--meta", "none", "--output-path", str(work / "switchboard_client"), "--overwrite"],
                           capture_output=True, text=True, timeout=240)
if generated.returncode != 0:
    fail("openapi-python-client: " + generated.stdout + generated.stderr)
if "Endpoint will not be generated" in generated.stdout or "Unable to process schema" in generated.stdout:
    fail("the generator dropped parts of the document:\n" + generated.stdout)
sys.path.insert(0, str(work))
client_module = importlib.import_module("switchboard_client")
api = pathlib.Path(client_module.__file__).parent / "api"
client = client_module.AuthenticatedClient(base_url=base_url, token=admin_key, raise_on_unexpected_status=True)


def operation(operation_id):
    """The generated module of an operation, found by its operationId (whatever its tag)."""
    snake = "".join("_" + c.lower() if c.isupper() else c for c in operation_id).lstrip("_")
    for path in api.glob(f"*/{snake}.py"):
        return importlib.import_module(f"switchboard_client.api.{path.parent.name}.{snake}")
    fail(f"no generated operation {operation_id}")


def call(operation_id, expected, body=None, **arguments):
    """Calls an operation through the generated client; the body is built with the generated model."""
    module = operation(operation_id)
    if body is not None:
        model = typing.get_type_hints(module.sync_detailed)["body"]
        for candidate in getattr(model, "__args__", (model,)):
            if hasattr(candidate, "from_dict"):
                arguments["body"] = candidate.from_dict(body)
                break
    response = module.sync_detailed(client=client, **arguments)
    if response.status_code.value != expected:
        fail(f"{operation_id}: {response.status_code.value} {response.content[:500]!r}")
    if response.parsed is None:
        fail(f"{operation_id}: the generated client could not parse the answer {response.content[:500]!r}")
    return response.parsed


def push(external_id, message_id, text):
    request = urllib.request.Request(base_url + "/hooks/shop-api/messages", method="POST",
                                     data=json.dumps({"external_id": external_id, "message_id": message_id, "text": text}).encode(),
                                     headers={"Authorization": "Bearer shop-secret", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


# A loopback receiver for the event webhook.
received = []


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        received.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_):
        pass


receiver = HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
try:
    # 2. A channel: its API key is a credential, the instance names it.
    call("putCredential", 200, {"secret": "shop-secret", "description": "the shop's API key"}, id="shop-api-key")
    channel = call("createChannel", 201, {"id": "shop-api", "plugin_id": "api", "config": {"api_key_credential": "shop-api-key"}})
    if channel.id != "shop-api" or channel.state != "running":
        fail(f"createChannel: {channel.to_dict()}")

    # 3. A customer writes; the conversation is listed; an agent (the admin key) replies.
    stored = push("crm-42", "m-1", "Where is my order?")
    conversations = call("listConversations", 200, channel_instance_id="shop-api").conversations
    if [c.id for c in conversations] != [stored["conversation_id"]]:
        fail(f"listConversations: {[c.to_dict() for c in conversations]}")
    reply = call("replyToConversation", 202, {"text": "It ships today."}, id=stored["conversation_id"])
    if reply.text != "It ships today.":
        fail(f"replyToConversation: {reply.to_dict()}")

    # 4. A webhook on message events; the next customer message is delivered to it and recorded.
    hook = call("createWebhook", 201, {"url": f"http://127.0.0.1:{receiver.server_port}/events", "event_types": ["message.received"]})
    if not hook.secret:
        fail("createWebhook: no secret")
    push("crm-42", "m-2", "Thanks!")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        deliveries = call("listWebhookDeliveries", 200, id=hook.id).deliveries
        if any(d.status_code == 200 and d.event_type == "message.received" for d in deliveries):
            break
        time.sleep(0.2)
    else:
        fail("no successful delivery recorded within 20 s")
    events = [json.loads(body) for body in received]
    if not any(b"message.received" in body and stored["conversation_id"].encode() in body for body in received):
        fail(f"the receiver did not get the conversation's message.received event: {events}")
finally:
    receiver.shutdown()
print("scenario: passed")
