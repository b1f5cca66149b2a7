// Calls to the widget's HTTP API (/hooks/<id>/…) with the visitor token.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

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
    })
    .then(function (result) {
      // Too fast (the widget's rate limits): wait as told, then send the same call again, twice at most.
      if (result.status !== 429 || (options.waited || 0) >= 2) return result;
      var seconds = Math.min(30, Math.max(1, result.body.retry_after_seconds || 1));
      return new Promise(function (resolve) { setTimeout(resolve, seconds * 1000); }).then(function () {
        return api(method, path, body, { anonymous: options.anonymous, retried: options.retried, waited: (options.waited || 0) + 1 });
      });
    })
    .then(function (result) {
      // The token expired, or the widget's secret changed: a new session, then the same call once more.
      if (result.status !== 401 || options.anonymous || options.retried || result.body.field !== "visitor_token") return result;
      return startSession().then(function (started) {
        return started.ok ? api(method, path, body, { retried: true }) : result;
      });
    });
}
