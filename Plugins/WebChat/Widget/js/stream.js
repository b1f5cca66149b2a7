// Live events (GET /stream): messages, typing, status, switches; reconnects resume after the last message.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
