// Colours, titles and words from the widget's configuration (GET /config).
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
