/*
 * Switchboard web chat widget: served as /hooks/<widget id>/widget.js and embedded with one tag:
 *   <script src="https://HOST/hooks/<widget id>/widget.js" async></script>
 * (optional data-user-id, data-user-hash, data-user-name, data-user-email for a logged-in user).
 *
 * Plain JavaScript, no build step, no external assets: the plugin replaces the boot placeholder
 * below with {id, base, css, strings} when it serves this file. Everything lives in a shadow
 * root, so the page's CSS cannot break it. The visitor token is kept in localStorage, so a
 * reload or another tab continues the same conversation. Replies arrive over Server-Sent Events,
 * which resume after the last message id when the connection comes back.
 */
(function () {
  "use strict";

  var BOOT = __SWITCHBOARD_WIDGET_BOOT__;
  var registry = (window.__switchboardWebChat = window.__switchboardWebChat || {});
  if (registry[BOOT.id]) return; // the tag is on the page twice
  var script = document.currentScript || findScriptTag();
  // The address the page loaded us from reaches the host, whatever its configured public URL says.
  var base = script && script.src ? script.src.replace(/\/widget\.js(?:[?#].*)?$/, "") : BOOT.base;
  var site = script ? script.dataset : {};
  var storageKey = "switchboard.webchat." + BOOT.id;

  var ICONS = {
    chat: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>',
    close: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z"/></svg>',
    attach: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6v11.5a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6H9v9.5a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v12.5a6 6 0 0 0 12 0V6z"/></svg>',
    move: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M14 3l7 7-7 7v-4.1C9 12.9 5.5 14.5 3 18c1-5 4-10 11-11z"/></svg>'
  };

  var config = null;          // GET /config
  var strings = BOOT.strings.en || {};
  var session = loadSession(); // {token, visitorId}
  var contact = {};
  var conversationId = null;
  var switched = null;
  var lastId = 0;              // the highest message id shown
  var seenSent = 0;            // the highest message id reported seen
  var unread = 0;
  var isOpen = false;
  var events = null;           // EventSource
  var rendered = {};           // message id → element
  var typingTimer = 0, lastTypingSent = 0, seenTimer = 0, reconnectTimer = 0;

  // ---- DOM ---------------------------------------------------------------------------------

  // A custom element (a page's `div { ... }` rules do not match it) whose placement is set inline
  // with !important: only inline !important beats a page's `* { ... !important }` on the host element.
  var hostElement = document.createElement("switchboard-webchat");
  hostElement.setAttribute("data-switchboard-webchat", BOOT.id);
  [["all", "initial"], ["display", "block"], ["position", "fixed"], ["right", "20px"], ["bottom", "20px"],
   ["z-index", "2147483000"], ["width", "auto"], ["height", "auto"]].forEach(function (rule) {
    hostElement.style.setProperty(rule[0], rule[1], "important");
  });
  var root = hostElement.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" + BOOT.css + "</style>" +
    '<div class="frame">' +
    '<section class="panel" role="dialog" aria-modal="false" hidden>' +
    '  <header class="header">' +
    '    <div class="titles"><h2 class="title"></h2><div class="team"></div></div>' +
    '    <button type="button" class="icon-button move" hidden>' + ICONS.move + "</button>" +
    '    <button type="button" class="icon-button close">' + ICONS.close + "</button>" +
    "  </header>" +
    '  <p class="banner" role="status" tabindex="-1" hidden></p>' +
    '  <p class="error" role="alert" hidden></p>' +
    '  <div class="body">' +
    '    <form class="form prechat" novalidate hidden></form>' +
    '    <form class="form switcher" novalidate hidden></form>' +
    '    <div class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0"></div>' +
    '    <div class="typing" role="status" aria-live="polite"></div>' +
    '    <form class="composer" novalidate>' +
    '      <button type="button" class="icon-button attach">' + ICONS.attach + "</button>" +
    '      <input type="file" class="file-input" hidden>' +
    '      <label class="visually-hidden" for="sb-text"></label>' +
    '      <textarea id="sb-text" rows="1" maxlength="10000"></textarea>' +
    '      <button type="submit" class="send"></button>' +
    "    </form>" +
    "  </div>" +
    "</section>" +
    '<button type="button" class="launcher" aria-expanded="false">' + ICONS.chat +
    '<span class="badge" hidden></span></button>' +
    "</div>";

  function $(selector) { return root.querySelector(selector); }
  var panel = $(".panel"), launcher = $(".launcher"), badge = $(".badge"), log = $(".log");
  var textarea = $("textarea"), composer = $(".composer"), prechat = $(".prechat"), switcher = $(".switcher");
  var banner = $(".banner"), errorLine = $(".error"), typingLine = $(".typing"), fileInput = $(".file-input");
  panel.id = "sb-panel-" + BOOT.id;
  launcher.setAttribute("aria-controls", panel.id);
  $(".title").id = "sb-title-" + BOOT.id;
  panel.setAttribute("aria-labelledby", $(".title").id);

  // ---- small helpers -----------------------------------------------------------------------

  function findScriptTag() {
    var tags = document.querySelectorAll("script[src]");
    for (var i = 0; i < tags.length; i++) {
      if (tags[i].src.indexOf("/hooks/" + BOOT.id + "/widget.js") !== -1) return tags[i];
    }
    return null;
  }

  function t(key, values) {
    var text = strings[key] || (BOOT.strings.en || {})[key] || key;
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values && name in values ? values[name] : ""; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function loadSession() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; }
  }

  function saveSession() {
    try { localStorage.setItem(storageKey, JSON.stringify(session)); } catch (e) { /* private mode: this tab only */ }
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function formatSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1).replace(/\.0$/, "") + " MB" : Math.ceil(bytes / 1024) + " KB";
  }

  function showError(text) {
    errorLine.textContent = text || "";
    errorLine.hidden = !text;
  }

  /** fetch against the widget's API; resolves {status, body}; never rejects on HTTP errors. */
  function api(method, path, body, options) {
    options = options || {};
    var headers = {};
    if (session.token && !options.anonymous) headers.Authorization = "Bearer " + session.token;
    var payload = body;
    if (body != null && !(body instanceof Blob)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    } else if (body instanceof Blob) {
      headers["Content-Type"] = body.type || "application/octet-stream";
    }
    return fetch(base + path, { method: method, headers: headers, body: payload, mode: "cors", credentials: "omit" })
      .then(function (response) {
        return response.text().then(function (text) {
          var parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
          return { status: response.status, body: parsed || {} };
        });
      });
  }

  // ---- theme and text ----------------------------------------------------------------------

  function applyConfig() {
    strings = BOOT.strings[config.language] || BOOT.strings.en || {};
    var colors = config.colors || {};
    if (colors.primary) hostElement.style.setProperty("--sb-primary", colors.primary);
    if (colors.background) hostElement.style.setProperty("--sb-background", colors.background);
    if (colors.text) hostElement.style.setProperty("--sb-text", colors.text);
    $(".title").textContent = config.title;
    $(".team").textContent = config.team_name;
    launcher.setAttribute("aria-label", t("open_chat"));
    $(".close").setAttribute("aria-label", t("close_chat"));
    $(".close").title = t("close_chat");
    $(".move").setAttribute("aria-label", t("switch_open"));
    $(".move").title = t("switch_open");
    $(".attach").setAttribute("aria-label", t("attach"));
    $(".attach").title = t("attach");
    $('label[for="sb-text"]').textContent = t("message_label");
    textarea.placeholder = t("message_placeholder");
    $(".send").textContent = t("send");
    log.setAttribute("aria-label", t("messages"));
    panel.setAttribute("aria-label", t("chat_panel", { team: config.team_name }));
    fileInput.accept = (config.allowed_upload_types || []).join(",");
    var greeting = el("div", "message outbound greeting");
    greeting.appendChild(el("div", "bubble", config.greeting));
    log.insertBefore(greeting, log.firstChild);
    updateMoveButton();
  }

  // ---- sessions ----------------------------------------------------------------------------

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

  // ---- messages ----------------------------------------------------------------------------

  /** Text with its web addresses as links, built from text nodes (never HTML from the network). */
  function linkify(parent, text) {
    var pattern = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g, at = 0, match;
    while ((match = pattern.exec(text))) {
      parent.appendChild(document.createTextNode(text.slice(at, match.index)));
      var a = el("a", null, match[0]);
      a.href = match[0];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.appendChild(a);
      at = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function messageElement(message) {
    var inbound = message.direction === "inbound";
    var node = el("div", "message " + (inbound ? "inbound" : "outbound"));
    if (!inbound) node.appendChild(el("div", "author", message.author_name || config.team_name));
    var bubble = el("div", "bubble");
    if (message.text) linkify(bubble, message.text);
    (message.attachments || []).forEach(function (file) {
      if (!file || !file.url || !/^https?:/.test(file.url)) return;
      if (/^image\//.test(file.content_type || "")) {
        var img = el("img");
        img.src = file.url;
        img.alt = file.name || "";
        img.loading = "lazy";
        bubble.appendChild(img);
      } else {
        var link = el("a", "file", file.name + (file.size ? " (" + formatSize(file.size) + ")" : ""));
        link.href = file.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.setAttribute("aria-label", t("attachment", { name: file.name }));
        bubble.appendChild(link);
      }
    });
    // A picture alone is shown as itself, not inside a coloured bubble.
    if (!message.text && bubble.querySelector("img") && !bubble.querySelector(".file")) bubble.classList.add("media");
    node.appendChild(bubble);
    if (message.created_at_ms) {
      var when = new Date(message.created_at_ms);
      var time = el("time", "time", when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
      time.dateTime = when.toISOString();
      node.appendChild(time);
    }
    node.dataset.id = message.id;
    return node;
  }

  /** Shows a message once (a replay and a live push may both bring it), in id order. */
  function addMessage(message) {
    var id = Number(message.id);
    if (!id || rendered[id]) return;
    var node = messageElement(message);
    rendered[id] = node;
    var next = null;
    if (id < lastId) {
      var ids = Object.keys(rendered).map(Number).filter(function (other) { return other > id; }).sort(function (a, b) { return a - b; });
      next = ids.length ? rendered[ids[0]] : null;
    }
    var pinned = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    log.insertBefore(node, next);
    if (id > lastId) lastId = id;
    if (message.direction === "outbound") {
      typingLine.textContent = "";
      if (!isOpen || document.hidden) setUnread(unread + 1);
    }
    if (pinned || message.direction === "inbound") log.scrollTop = log.scrollHeight;
    scheduleSeen();
  }

  function setUnread(count) {
    unread = count;
    badge.hidden = count === 0;
    badge.textContent = count > 9 ? "9+" : String(count);
    badge.setAttribute("aria-label", count === 1 ? t("unread_one") : t("unread_other", { n: count }));
    launcher.setAttribute("aria-label", t("open_chat") + (count ? " (" + badge.getAttribute("aria-label") + ")" : ""));
  }

  /** Tells the host what the visitor has seen: replies count as read, and the visitor as present. */
  function scheduleSeen() {
    if (!isOpen || document.hidden || !session.token || lastId <= seenSent) return;
    clearTimeout(seenTimer);
    seenTimer = setTimeout(function () {
      var upTo = lastId;
      api("POST", "/seen", { message_id: upTo }).then(function (r) { if (r.status < 300) seenSent = Math.max(seenSent, upTo); });
    }, 250);
  }

  function loadHistory() {
    return api("GET", "/messages?after=" + lastId).then(function (r) {
      if (r.status !== 200) return;
      (r.body.messages || []).forEach(addMessage);
      showSwitched(r.body.switched);
      setUnread(0);
    });
  }

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

  // ---- uploads -----------------------------------------------------------------------------

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

  // ---- live events -------------------------------------------------------------------------

  function connect() {
    if (!session.token || events) return;
    clearTimeout(reconnectTimer);
    var source = new EventSource(base + "/stream?token=" + encodeURIComponent(session.token) + "&last_event_id=" + lastId);
    events = source;
    source.addEventListener("message", function (event) {
      try { addMessage(JSON.parse(event.data)); } catch (e) { /* a malformed event is skipped */ }
    });
    source.addEventListener("typing", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { /* keep the default text */ }
      typingLine.textContent = data.name ? t("typing", { name: data.name }) : t("someone_typing");
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 6000);
    });
    source.addEventListener("status", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { /* ignore */ }
      var closed = data.status === "done" || data.status === "archived";
      var note = log.querySelector(".notice.status");
      if (closed && !note) log.appendChild(el("div", "notice status", t("status_closed")));
      if (!closed && note) note.remove();
    });
    source.addEventListener("switched", function (event) {
      try { showSwitched(JSON.parse(event.data)); } catch (e) { /* ignore */ }
    });
    source.onopen = function () { if (errorLine.textContent === t("error_offline")) showError(""); };
    source.onerror = function () {
      // EventSource retries by itself (sending Last-Event-ID) unless the server refused the stream.
      if (source.readyState !== EventSource.CLOSED) return showError(t("error_offline"));
      source.close();
      events = null;
      reconnectTimer = setTimeout(function () {
        startSession().then(function (r) { if (r.ok) connect(); }).catch(function () { reconnectTimer = setTimeout(connect, 5000); });
      }, 2000);
    };
  }

  // ---- switching channels ------------------------------------------------------------------

  function channelName(kind) { return t("channel_" + kind) || kind; }

  function showSwitched(info) {
    switched = info || null;
    banner.hidden = !switched;
    banner.textContent = "";
    if (switched) {
      banner.appendChild(document.createTextNode(t("switched_to", { channel: channelName(switched.kind), address: switched.address })));
      if (switched.waiting) banner.appendChild(el("span", null, " " + t("switched_waiting")));
    }
    updateMoveButton();
  }

  function updateMoveButton() {
    var offered = config && (config.switch_destinations || []).length > 0;
    $(".move").hidden = !offered || !conversationId;
  }

  function addressFor(kind) { return kind === "email" ? contact.email : kind === "sms" || kind === "whatsapp" ? contact.phone : ""; }

  function renderSwitcher() {
    switcher.textContent = "";
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", null, t("switch_title")));
    (config.switch_destinations || []).forEach(function (destination, index) {
      var label = el("label", "choice");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "kind";
      radio.value = destination.kind;
      radio.checked = index === 0;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(channelName(destination.kind)));
      fieldset.appendChild(label);
    });
    switcher.appendChild(fieldset);
    var addressLabel = el("label");
    var address = el("input");
    address.name = "address";
    addressLabel.appendChild(address);
    switcher.appendChild(addressLabel);
    function sync() {
      var kind = switcher.querySelector('input[name="kind"]:checked').value;
      var identity = kind === "email" ? "email" : kind === "messenger" ? "messenger" : "phone";
      addressLabel.firstChild.textContent = t("switch_address_" + identity);
      address.type = identity === "email" ? "email" : identity === "phone" ? "tel" : "text";
      address.value = addressFor(kind) || "";
    }
    fieldset.addEventListener("change", sync);
    addressLabel.insertBefore(document.createTextNode(""), address);
    sync();
    var actions = el("div", "actions");
    var cancel = el("button", "secondary", t("cancel"));
    cancel.type = "button";
    cancel.addEventListener("click", hideSwitcher);
    var go = el("button", "primary", t("switch_submit"));
    go.type = "submit";
    actions.appendChild(cancel);
    actions.appendChild(go);
    switcher.appendChild(actions);
  }

  function showSwitcher() {
    renderSwitcher();
    switcher.hidden = false;
    log.hidden = true;
    composer.hidden = true;
    typingLine.hidden = true;
    switcher.querySelector('input[name="kind"]').focus();
  }

  function hideSwitcher() {
    switcher.hidden = true;
    log.hidden = false;
    composer.hidden = false;
    typingLine.hidden = false;
    showError("");
    $(".move").focus();
  }

  $(".move").addEventListener("click", function () { switcher.hidden ? showSwitcher() : hideSwitcher(); });

  switcher.addEventListener("submit", function (event) {
    event.preventDefault();
    var kind = switcher.querySelector('input[name="kind"]:checked').value;
    var address = switcher.querySelector('input[name="address"]');
    api("POST", "/switch", { kind: kind, address: address.value.trim() }).then(function (r) {
      if (r.status !== 200) {
        if (r.body.field === "address") { address.setAttribute("aria-invalid", "true"); address.focus(); }
        return showError(r.body.message || t("error_generic"));
      }
      showSwitched({ kind: r.body.kind, address: r.body.identity_value, waiting: r.body.waiting });
      hideSwitcher();
      banner.focus();
    }).catch(function () { showError(t("error_generic")); });
  });

  // ---- opening and closing -----------------------------------------------------------------

  function open() {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    setUnread(0);
    if (!session.token && needsPrechat()) return showPrechat();
    var ready = session.token ? Promise.resolve({ ok: true }) : startSession();
    ready.then(function (result) {
      if (result.needsForm) return showPrechat(result.error);
      connect();
      textarea.focus();
      scheduleSeen();
    }).catch(function () { showError(t("error_generic")); });
  }

  function close() {
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { isOpen ? close() : open(); });
  $(".close").addEventListener("click", close);
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen) {
      event.stopPropagation();
      if (!switcher.hidden) return hideSwitcher();
      close();
    }
  });
  document.addEventListener("visibilitychange", scheduleSeen);

  // ---- start -------------------------------------------------------------------------------

  function start() {
    document.body.appendChild(hostElement);
    registry[BOOT.id] = { open: open, close: close };
    fetch(base + "/config", { mode: "cors", credentials: "omit" })
      .then(function (response) { if (!response.ok) throw new Error("config " + response.status); return response.json(); })
      .then(function (body) {
        config = body;
        applyConfig();
        setUnread(0);
        // A returning visitor (token in localStorage) or a user the site vouches for: continue now,
        // with the history, and live from there (replies from now on count as unread).
        if (!session.token && !site.userId) return;
        return startSession().then(function (result) {
          if (!result.ok) return;
          return loadHistory().then(connect);
        });
      })
      .catch(function (error) {
        hostElement.remove(); // a widget that cannot reach its host shows nothing rather than a broken panel
        if (window.console) console.warn("Switchboard web chat:", error.message);
      });
  }

  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
