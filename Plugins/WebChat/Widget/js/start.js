// Start: into the page, the configuration, and a returning visitor's conversation.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
