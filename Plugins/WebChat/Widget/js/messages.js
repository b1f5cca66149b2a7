// Showing messages: once each, in id order, images inline, links safe; the unread count; seen reports.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
    // Replies that came while the visitor was away, and that they have not seen yet, are unread.
    var missed = (r.body.messages || []).filter(function (m) { return m.direction === "outbound" && m.id > seenSent; }).length;
    setUnread(isOpen ? 0 : missed);
  });
}
