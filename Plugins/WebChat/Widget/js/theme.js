// Colours, titles and words from the widget's configuration (GET /config).
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

function applyConfig() {
  strings = BOOT.strings[config.language] || BOOT.strings.en || {};
  var colors = config.colors || {};
  if (colors.primary) hostElement.style.setProperty("--sb-primary", colors.primary);
  if (colors.background) hostElement.style.setProperty("--sb-background", colors.background);
  if (colors.text) hostElement.style.setProperty("--sb-text", colors.text);
  // The shades between text and background as plain rgb(), which every engine reads (axe-core's
  // contrast check cannot read color-mix(), the stylesheet's fallback).
  var text = rgb(colors.text || "#1f2328"), background = rgb(colors.background || "#ffffff");
  if (text && background) {
    [["--sb-muted", 0.72], ["--sb-line", 0.15], ["--sb-soft", 0.06]].forEach(function (shade) {
      var mixed = text.map(function (c, i) { return Math.round(c * shade[1] + background[i] * (1 - shade[1])); });
      hostElement.style.setProperty(shade[0], "rgb(" + mixed.join(", ") + ")");
    });
  }
  $(".title").textContent = config.title;
  $(".team").textContent = config.team_name;
  launcher.setAttribute("aria-label", t("open_chat"));
  $(".close").setAttribute("aria-label", t("close_chat"));
  $(".close").title = t("close_chat");
  $(".move").setAttribute("aria-label", t("switch_open"));
  $(".move").title = t("switch_open");
  $(".attach").setAttribute("aria-label", t("attach"));
  $(".attach").title = t("attach");
  // Named by aria-label: a visually hidden <label> reads as a hidden label to axe-core.
  textarea.setAttribute("aria-label", t("message_label"));
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

/** "#rrggbb" as [r, g, b]; null for anything else. */
function rgb(hex) {
  var match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  return match ? [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)] : null;
}
