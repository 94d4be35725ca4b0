// The one way the pages talk to the API: same origin under /api, JSON in and
// out, the bearer token attached, errors turned into ApiError with the field
// the API named (so forms can show the message next to that field).
import * as tokens from "./tokens.js";

export class ApiError extends Error {
  constructor(status, code, message, field = null, errors = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.errors = errors; // every problem of the form: [{field, message}]
  }
}

let onSessionLost = () => {};
/** Called when the API says the session is gone (the shell signs out). */
export function setSessionLostHandler(handler) {
  onSessionLost = handler;
}

export async function request(method, path, { body, query, auth = true, headers: extra = {} } = {}) {
  let url = `/api${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, v);
    if ([...params].length) url += `?${params}`;
  }
  const send = async () => {
    const headers = { Accept: "application/json", ...extra };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (auth) {
      const token = await tokens.accessToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    // no-store: responses with PHI must not land in the browser's cache.
    return fetch(url, {
      method, headers, cache: "no-store", credentials: "omit",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  let res;
  try {
    res = await send();
    if (res.status === 401 && auth && await tokens.refresh()) res = await send();
  } catch {
    throw new ApiError(0, "network", "The portal cannot be reached. Check your connection and try again.");
  }
  if (res.status === 401 && auth) {
    tokens.forget();
    onSessionLost("expired");
    throw new ApiError(401, "unauthenticated", "Your session has ended. Sign in again.");
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || `http_${res.status}`,
      err.message || "Something went wrong. Try again.", err.field || null, err.errors || null);
  }
  return data;
}

/** Every page of a list (bounded ones only, like a week's schedule): the first answer with
 * the items of the pages after it, following `cursor` until the API gives none. */
async function getAll(path, query = {}, opts) {
  const first = await request("GET", path, { query, ...opts });
  let page = first;
  const items = [...first.items];
  while (page.cursor) {
    page = await request("GET", path, { query: { ...query, cursor: page.cursor }, ...opts });
    items.push(...page.items);
  }
  return { ...first, items, cursor: null };
}

export const api = {
  get: (path, query, opts) => request("GET", path, { query, ...opts }),
  getAll,
  post: (path, body = {}, opts) => request("POST", path, { body, ...opts }),
  put: (path, body = {}, opts) => request("PUT", path, { body, ...opts }),
  patch: (path, body = {}, opts) => request("PATCH", path, { body, ...opts }),
  del: (path, opts) => request("DELETE", path, opts),
};
