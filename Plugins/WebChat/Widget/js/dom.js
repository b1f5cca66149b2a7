// The widget's elements, built once inside a shadow root on a custom element.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
