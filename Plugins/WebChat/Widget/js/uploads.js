// Attachments: checked here first, then POST /uploads; the file becomes a message.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

$(".attach").addEventListener("click", function () { fileInput.click(); });

fileInput.addEventListener("change", function () {
  var file = fileInput.files && fileInput.files[0];
  fileInput.value = "";
  if (!file) return;
  if (file.size > config.max_upload_bytes) return showError(t("error_too_large", { size: formatSize(config.max_upload_bytes) }));
  var accepted = (config.allowed_upload_types || []).some(function (pattern) {
    return pattern === file.type || (pattern.slice(-2) === "/*" && file.type.indexOf(pattern.slice(0, -1)) === 0);
  });
  if (!accepted) return showError(t("error_type"));
  showError("");
  var note = el("div", "notice", t("uploading", { name: file.name }));
  log.appendChild(note);
  var query = "?name=" + encodeURIComponent(file.name) + "&client_message_id=" + randomId();
  api("POST", "/uploads" + query, file).then(function (r) {
    note.remove();
    if (r.status === 413) return showError(t("error_too_large", { size: formatSize(config.max_upload_bytes) }));
    if (r.status === 415) return showError(t("error_type"));
    if (r.status !== 201 && r.status !== 200) return showError(r.body.message || t("error_generic"));
    conversationId = r.body.conversation_id;
    addMessage({ id: r.body.message_id, direction: "inbound", text: "", attachments: [r.body.attachment], created_at_ms: Date.now() });
    updateMoveButton();
  }).catch(function () { note.remove(); showError(t("error_generic")); });
});
