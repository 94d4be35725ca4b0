// Where the tokens live (decided for this portal):
// - the access token only in memory: gone when the tab or page closes;
// - the refresh token in sessionStorage, so a reload of this tab keeps the user
//   signed in; sessionStorage is per tab and cleared when the tab closes.
// Nothing ever goes to localStorage or cookies. Sign-out clears both.

const REFRESH_KEY = "portal.refresh";
const EARLY_MS = 60_000; // renew a minute before the API would refuse the token

let access = null;
let accessExpiresAt = 0;
let refreshing = null;

export function store(tokens) {
  access = tokens.access_token;
  accessExpiresAt = Date.now() + (Number(tokens.expires_in) || 900) * 1000;
  if (tokens.refresh_token) sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
}

export function forget() {
  access = null;
  accessExpiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
}

export function hasSession() {
  return Boolean(access || sessionStorage.getItem(REFRESH_KEY));
}

/** A valid access token, renewed through the refresh token when close to expiry. */
export async function accessToken() {
  if (access && Date.now() < accessExpiresAt - EARLY_MS) return access;
  if (await refresh()) return access;
  return access;
}

/** Exchange the refresh token; one exchange at a time however many requests wait. */
export function refresh() {
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (!token) return Promise.resolve(false);
  refreshing ||= (async () => {
    try {
      const res = await fetch("/api/auth/refresh", {
        method: "POST", cache: "no-store", credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: token }),
      });
      if (!res.ok) {
        forget();
        return false;
      }
      store(await res.json());
      return true;
    } catch {
      return false; // offline: keep the refresh token and let the caller report the network error
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
