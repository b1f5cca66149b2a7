// Sessions (POST /session) and the pre-chat form.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

function needsPrechat() {
  var fields = config.pre_chat_fields || {};
  return ["name", "email", "phone"].some(function (f) { return fields[f] && fields[f] !== "off"; });
}

/** POST /session; resolves true when the visitor has a session, false when the form is needed. */
function startSession(details) {
  var body = details || {};
  if (session.token) body.visitor_token = session.token;
  if (site.userId) {
    body.user_id = site.userId;
    body.user_hash = site.userHash || "";
    if (site.userName && !body.name) body.name = site.userName;
    if (site.userEmail && !body.email) body.email = site.userEmail;
  }
  return api("POST", "/session", body, { anonymous: true }).then(function (r) {
    if (r.status === 401 && r.body.field === "visitor_token") {
      session = {};
      saveSession();
      return startSession(details);
    }
    if (r.status === 400) return { needsForm: true, error: r.body };
    if (r.status !== 200 && r.status !== 201) throw new Error(r.body.message || "session " + r.status);
    session = { token: r.body.visitor_token, visitorId: r.body.visitor_id };
    saveSession();
    contact = r.body.contact || {};
    seenSent = Math.max(seenSent, r.body.seen_up_to || 0);
    conversationId = r.body.conversation_id;
    showSwitched(r.body.switched);
    return { ok: true };
  });
}

function renderPrechat(problem) {
  var fields = config.pre_chat_fields || {};
  prechat.textContent = "";
  prechat.appendChild(el("p", null, t("prechat_intro")));
  var types = { name: "text", email: "email", phone: "tel" };
  var autocomplete = { name: "name", email: "email", phone: "tel" };
  ["name", "email", "phone"].forEach(function (field) {
    if (!fields[field] || fields[field] === "off") return;
    var label = el("label");
    var caption = el("span", null, t(field) + " ");
    if (fields[field] === "optional") caption.appendChild(el("span", "hint", "(" + t("optional") + ")"));
    label.appendChild(caption);
    var input = el("input");
    input.type = types[field];
    input.name = field;
    input.autocomplete = autocomplete[field];
    input.required = fields[field] === "required";
    input.setAttribute("aria-required", String(input.required));
    if (contact[field]) input.value = contact[field];
    label.appendChild(input);
    prechat.appendChild(label);
  });
  var actions = el("div", "actions");
  var start = el("button", "primary", t("start_chat"));
  start.type = "submit";
  actions.appendChild(start);
  prechat.appendChild(actions);
  if (problem && problem.field) {
    var input = prechat.querySelector('[name="' + problem.field + '"]');
    if (input) input.setAttribute("aria-invalid", "true");
    showError(problem.message || t("error_generic"));
  }
}

function showPrechat(problem) {
  renderPrechat(problem);
  prechat.hidden = false;
  log.hidden = true;
  composer.hidden = true;
  var first = prechat.querySelector("input");
  if (first) first.focus();
}

prechat.addEventListener("submit", function (event) {
  event.preventDefault();
  var details = {};
  var inputs = prechat.querySelectorAll("input");
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    var value = input.value.trim();
    if (input.required && !value) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return showError(t("field_required", { field: t(input.name) }));
    }
    input.removeAttribute("aria-invalid");
    if (value) details[input.name] = value;
  }
  showError("");
  startSession(details).then(function (result) {
    if (result.needsForm) return showPrechat(result.error);
    prechat.hidden = true;
    log.hidden = false;
    composer.hidden = false;
    connect();
    textarea.focus();
  }).catch(function () { showError(t("error_generic")); });
});
