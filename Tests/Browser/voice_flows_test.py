#!/usr/bin/env python3
"""Settings › Voice flows in the agents' app (/app), in a real browser: headless Chromium through
Selenium against the real host binary.

Steps: sign in on the Voice flows page; create a flow (its draft: one goodbye node); add a Say and a
Menu from the palette; arrange; wire the exits by dragging their chips onto nodes, all but the
menu's max_attempts: the host's validation (autosaved draft) shows the error on the node and in the
problems list, and Publish stays disabled; undo and redo a wire; wire max_attempts: no errors,
Publish enabled; publish (revision 1 live); walk it in the simulator (start, press 2, the call ends,
the path is highlighted) and save the walk as a test, which passes on the draft.

Screenshots go to artifacts/browser/voice/NN-<step>.png.
usage: voice_flows_test.py [--keep]   (--keep: seed, print the address and the sign-in, wait for Ctrl-C)
Exit status 0 when every step passed."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, run_seeded_app, wait_for  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "artifacts", "browser", "voice")
EMAIL, PASSWORD = "ann@example.com", "correct horse battery"
BUDGET_SECONDS = 150


def seed(host):
    host.api("POST", "/agents", {"email": EMAIL, "name": "Ann Lee", "handle": "ann", "role": "admin", "password": PASSWORD,
                                 "availability": "online"})
    team = host.api("POST", "/teams", {"name": "Phones"})
    queue = host.api("POST", "/voice/queues", {"name": "Support line", "team_id": team["id"], "announce_position": True, "max_wait_seconds": 300})
    return {"queue": queue["id"]}


def all_steps(run, world):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    d, host = run.d, run.host
    flow = {}

    def node(node_id):
        return run.find(f".vf-node[data-node='{node_id}']")

    def chip(node_id, exit_name):
        return node(node_id).find_element(By.CSS_SELECTOR, f".vf-chip[data-exit='{exit_name}']")

    def drag(node_id, exit_name, target_id):
        """Drag the exit's chip onto the target node's body, as a person does with the mouse."""
        source, target = chip(node_id, exit_name), node(target_id).find_element(By.CSS_SELECTOR, ".vf-node-body")
        ActionChains(d).click_and_hold(source).move_by_offset(8, 12).move_to_element(target).pause(0.05).release().perform()
        wait_for(f"{node_id}.{exit_name} wired to {target_id}",
                 lambda: f"to {target_id}" in chip(node_id, exit_name).get_attribute("aria-label"))
        saved()

    def draft():
        return host.api("GET", f"/voice/flows/{flow['id']}")["draft"]

    def saved():
        return wait_for("the draft saved", lambda: run.find("#vf-save-status").text == "Saved", timeout=10)

    def sign_in():
        d.get(f"{host.url}/app/settings/voice")
        run.find("#email").send_keys(EMAIL)
        run.find("#password").send_keys(PASSWORD, Keys.ENTER)
        run.find("#vf-new")
        run.shot("flows-empty")

    def create():
        run.click("#vf-new")
        dialog = run.find("dialog[open]")
        dialog.find_element(By.CSS_SELECTOR, "input").send_keys("Main line", Keys.ENTER)
        run.find("#vf-editor")
        flows = host.api("GET", "/voice/flows")["flows"]
        assert [f["name"] for f in flows] == ["Main line"], flows
        flow["id"] = flows[0]["id"]
        node("goodbye")
        wait_for("the new flow's report", lambda: "Problems" in run.find("#vf-tab-problems").text)
        run.shot("new-flow")

    def add_nodes():
        run.click(".vf-palette-item[data-type='say']")
        run.click(".vf-palette-item[data-type='menu']")
        node("say")
        node("menu")
        # The inspector of the new menu: a third option, a prompt of our own.
        prompt = run.find(".vf-inspector textarea")
        prompt.send_keys(Keys.CONTROL, "a")
        prompt.send_keys("For sales press 1. For support press 2.")
        run.blur()
        saved()
        # The say node starts the call.
        run.click(".vf-node[data-node='say'] .vf-node-body")
        text = wait_for("the say inspector", lambda: next(t for t in d.find_elements(By.CSS_SELECTOR, ".vf-inspector textarea") if t.get_attribute("value") == "Welcome."))
        text.send_keys(Keys.CONTROL, "a")
        text.send_keys("Welcome to Acme.")
        run.blur()
        next(b for b in d.find_elements(By.CSS_SELECTOR, ".vf-inspector-actions button") if b.text == "Start here").click()
        wait_for("say is the entry", lambda: draft()["entry"] == "say")
        saved()
        assert set(draft()["ui"]["nodes"]) == {"goodbye", "say", "menu"}, draft()["ui"]
        run.shot("nodes-added")

    def wire_with_an_error():
        drag("say", "next", "menu")
        for exit_name, target in [("sales", "goodbye"), ("support", "goodbye"), ("no_match", "menu"), ("timeout", "menu")]:
            drag("menu", exit_name, target)
        saved()
        assert draft()["nodes"]["menu"]["exits"] == {"sales": "goodbye", "support": "goodbye", "no_match": "menu", "timeout": "menu"}, draft()
        assert "unwired" in chip("menu", "max_attempts").get_attribute("class")
        badge = wait_for("the error badge on the menu", lambda: node("menu").find_element(By.CSS_SELECTOR, ".vf-badge.error"))
        assert int(badge.text) >= 1, badge.text  # the unwired exit, and the loop it leaves unbounded
        assert not run.find("#vf-publish").is_enabled(), "Publish is disabled while errors exist"
        run.click("#vf-tab-problems")
        problems = run.find("#vf-problems")
        assert "menu.max_attempts" in problems.text and "leads nowhere" in problems.text, problems.text
        run.shot("validation-error")
        # The problem focuses its node.
        problems.find_element(By.CSS_SELECTOR, "button").click()
        wait_for("the menu selected", lambda: "selected" in node("menu").get_attribute("class"))

    def undo_redo():
        run.click("#vf-undo")
        wait_for("the last wire undone", lambda: "not wired" in chip("menu", "timeout").get_attribute("aria-label"))
        run.click("#vf-redo")
        wait_for("the wire redone", lambda: "to menu" in chip("menu", "timeout").get_attribute("aria-label"))
        saved()

    def fix_and_publish():
        drag("menu", "max_attempts", "goodbye")
        run.click("#vf-arrange")
        saved()
        wait_for("no errors left", lambda: run.find("#vf-publish").is_enabled(), timeout=10)
        assert not d.find_elements(By.CSS_SELECTOR, ".vf-badge.error")
        run.click("#vf-fit")
        run.shot("fixed")
        run.click("#vf-publish")
        wait_for("revision 1 live", lambda: "live: revision 1" in run.find(".vf-published").text, timeout=10)
        assert host.api("GET", f"/voice/flows/{flow['id']}")["published_revision"] == 1
        assert "Revision 1" in run.find(".vf-revisions").text
        run.shot("published")

    def references():
        """A queue node picks its queue from the stored ones; deleting the node takes its wires along."""
        from selenium.webdriver.support.ui import Select
        run.click(".vf-palette-item[data-type='queue']")
        node("queue")
        picker = Select(run.find("#vf-field-queueId"))
        assert [o.text for o in picker.options] == ["—", "Support line"], [o.text for o in picker.options]
        picker.select_by_visible_text("Support line")
        wait_for("the queue chosen", lambda: draft()["nodes"].get("queue", {}).get("params", {}).get("queueId") == world["queue"])
        run.shot("queue-node")
        next(b for b in d.find_elements(By.CSS_SELECTOR, ".vf-inspector-actions button") if b.text == "Delete node").click()
        wait_for("the queue node gone", lambda: "queue" not in draft()["nodes"])

    def simulate():
        run.click("#vf-tab-simulate")
        run.click("#sim-start")
        log = run.find(".sim-log")
        wait_for("the welcome and the menu prompt", lambda: "Welcome to Acme." in log.text and "For sales press 1" in log.text)
        assert "current" in node("menu").get_attribute("class")
        digits = run.find("#sim-digits")
        digits.send_keys("2", Keys.ENTER)
        wait_for("the call ended", lambda: "Call ended" in log.text)
        assert "say: next → menu: 2 → goodbye" in log.text, log.text
        assert "taken" in chip("menu", "support").get_attribute("class")
        assert "walked" in node("goodbye").get_attribute("class")
        run.shot("simulated")
        name = run.find("#sim-test-name")
        name.clear()
        name.send_keys("Support ends the call")
        run.click("#sim-save-test")
        wait_for("the saved test passing", lambda: "passes" in run.find(".sim-test-list").text and "Support ends the call" in run.find(".sim-test-list").text)
        tests = host.api("GET", f"/voice/flows/{flow['id']}/tests")["tests"]
        assert [t["name"] for t in tests] == ["Support ends the call"] and tests[0]["expect"]["ended"] is True, tests
        run.shot("test-saved")

    steps = [("sign-in", sign_in), ("create", create), ("add-nodes", add_nodes), ("wire-with-an-error", wire_with_an_error),
             ("undo-redo", undo_redo), ("fix-and-publish", fix_and_publish), ("references", references), ("simulate", simulate)]
    for name, fn in steps:
        if not run.step(name, fn):
            return False
    return True


def main():
    return run_seeded_app("browser voice flows", ARTIFACTS, BUDGET_SECONDS, ("api",), seed, all_steps, f"{EMAIL} / {PASSWORD}")


if __name__ == "__main__":
    sys.exit(main())
