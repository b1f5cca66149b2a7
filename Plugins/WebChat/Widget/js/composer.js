// Writing: the composer, sending (POST /messages), typing (POST /typing).
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

function send(text) {
  var clientId = randomId();
  var pending = messageElement({ id: "", direction: "inbound", text: text });
  pending.classList.add("pending");
  log.appendChild(pending);
  log.scrollTop = log.scrollHeight;
  return api("POST", "/messages", { text: text, client_message_id: clientId }).then(function (r) {
    pending.remove();
    if (r.status !== 200 && r.status !== 201) throw new Error(r.body.message || t("error_generic"));
    conversationId = r.body.conversation_id;
    addMessage({ id: r.body.message_id, direction: "inbound", text: text, created_at_ms: Date.now() });
    updateMoveButton();
    if (!events) connect();
  }).catch(function (error) {
    pending.remove();
    textarea.value = text;
    showError(error.message || t("error_generic"));
  });
}

composer.addEventListener("submit", function (event) {
  event.preventDefault();
  var text = textarea.value.trim();
  if (!text) return;
  textarea.value = "";
  autosize();
  showError("");
  send(text);
});

textarea.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

function autosize() {
  textarea.style.height = "auto";
  textarea.style.height = Math.min(textarea.scrollHeight + 2, 120) + "px";
}

textarea.addEventListener("input", function () {
  autosize();
  var now = Date.now();
  if (session.token && textarea.value && now - lastTypingSent > 3000) {
    lastTypingSent = now;
    api("POST", "/typing", { typing: true });
  }
});
