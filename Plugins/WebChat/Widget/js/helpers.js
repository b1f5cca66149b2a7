// Small helpers: strings in the visitor's language, elements, the stored session, ids, sizes.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
