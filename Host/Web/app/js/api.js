// The REST API under /api/v1, as the signed-in person. The session is the HttpOnly `sb_session`
// cookie the browser sends by itself; unsafe methods must also echo the session's CSRF token,
// which the app keeps in memory only (from sign-in, or GET /api/v1/me after a reload).

let csrfToken = '';
const signedOutListeners = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || 'http_error';
    this.field = body?.field;
    this.body = body;  // the whole refusal (a publish refused lists its problems)
  }
}

export function setCsrfToken(token) { csrfToken = token || ''; }

/** Called when a request finds the session gone (401): the app shows the sign-in screen. */
export function onSignedOut(listener) { signedOutListeners.add(listener); }

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function request(method, path, { body, params, quiet401 } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(`/api/v1${path}${query(params)}`, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { error: 'network', message: 'The server cannot be reached. Check your connection.' });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !quiet401) for (const listener of signedOutListeners) listener();
    throw new ApiError(response.status, data);
  }
  return data;
}

export const api = {
  get: (path, params, options) => request('GET', path, { params, ...options }),
  post: (path, body = {}) => request('POST', path, { body }),
  put: (path, body = {}) => request('PUT', path, { body }),
  patch: (path, body = {}) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

/** Path segment, escaped. */
export const seg = (value) => encodeURIComponent(value);
