// Opening and closing the panel, with focus management and Esc.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

function open() {
  if (isOpen) return;
  isOpen = true;
  panel.hidden = false;
  hostElement.setAttribute("data-open", "");
  fitToViewport();
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
  hostElement.removeAttribute("data-open");
  launcher.setAttribute("aria-expanded", "false");
  launcher.focus();
}

// On a phone the open panel fills the screen. The on-screen keyboard shrinks the visual viewport,
// not the layout one: the panel follows the visual viewport, so the composer stays above the keyboard.
function fitToViewport() {
  var viewport = window.visualViewport;
  if (!viewport) return;
  panel.style.setProperty("--sb-viewport-height", viewport.height + "px");
  panel.style.setProperty("--sb-viewport-top", viewport.offsetTop + "px");
}
if (window.visualViewport) {
  window.visualViewport.addEventListener("resize", fitToViewport);
  window.visualViewport.addEventListener("scroll", fitToViewport);
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
