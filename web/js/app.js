// Boot and hash router. Routes are "#/path?query"; the invitation and reset
// emails link to "#/activate?code=..." and "#/reset?email=...".
import { setSessionLostHandler } from "./api.js";
import { h, setPracticeZone } from "./dom.js";
import { startIdleTimer } from "./idle.js";
import { match } from "./routes.js";
import { visited } from "./where.js";
import * as session from "./session.js";
import { ensureFrame, markCurrent, refreshRecordBar } from "./shell.js";
import * as tokens from "./tokens.js";

let renderCount = 0;
let shown = 0;
let practice = null;
let idleStarted = false;
let signingOut = false;

function parseHash() {
  const raw = window.location.hash.startsWith("#/") ? window.location.hash.slice(1) : "/";
  const [path, search = ""] = raw.split("?");
  return { path: path.replace(/\/+$/, "") || "/", query: new URLSearchParams(search) };
}

export function go(path) {
  if (window.location.hash === `#${path}`) render();
  else window.location.hash = path;
}

export function homePath() {
  return session.isStaff() ? "/staff/today" : "/home";
}

function safeNext(value) {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : null;
}

function signOut(reason) {
  if (signingOut) return;
  signingOut = true;
  session.signOut(reason);
}

async function render() {
  const ticket = ++renderCount;
  const { path, query } = parseHash();
  const signedIn = tokens.hasSession();
  if (path === "/") return go(signedIn ? "/home" : "/sign-in");

  const found = match(path);
  if (signedIn && !session.user()) {
    try {
      await session.loadMe();
    } catch {
      return signOut("expired");
    }
  }
  const me = session.user();
  try {
    practice = await session.practiceInfo();
    setPracticeZone(practice && practice.timezone);
  } catch {
    practice = null; // the frame still works without the practice's name
  }
  if (me && !idleStarted) {
    idleStarted = true;
    startIdleTimer(() => signOut("idle"));
  }
  if (!found) return show(ticket, "Page not found", notFound());
  const { route, params } = found;
  visited(path);

  if (route.access === "public" && me) return go(safeNext(query.get("next")) || homePath());
  if (!["public", "any"].includes(route.access) && !me) {
    return go(`/sign-in?next=${encodeURIComponent(path + (query.toString() ? `?${query}` : ""))}`);
  }
  if (me) {
    if (route.access === "patient" && me.is_staff) return go("/staff/today");
    if (route.access === "staff" && !me.is_staff) return go("/home");
    const open = session.currentPatient();
    if (route.scope && !me.is_staff && (!open || open.scope !== route.scope)) {
      return show(ticket, "Not available", forbidden("Your proxy access to this record does not include this page."), path);
    }
    if (route.roles && !me.roles.some((r) => route.roles.includes(r))) {
      return show(ticket, "Not available", forbidden(), path);
    }
  }

  if (ticket !== renderCount) return;
  const main = ensureFrame(me ? "app" : "public", practice);
  main.setAttribute("aria-busy", "true");
  main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  let content;
  try {
    const mod = await route.page();
    content = await mod.render({ params, query, path, go, practice });
  } catch (error) {
    if (ticket !== renderCount) return;
    content = loadFailed(error);
  }
  show(ticket, route.title, content, path);
}

function show(ticket, title, content, path = "") {
  if (ticket !== renderCount) return; // a newer navigation won
  const main = ensureFrame(session.user() ? "app" : "public", practice);
  main.removeAttribute("aria-busy");
  main.replaceChildren(...[content].flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  markCurrent(path);
  document.title = practice ? `${title} · ${practice.name}` : title;
  // After a navigation, move focus to the new page's heading so keyboard and
  // screen reader users start there (on first load the skip link comes first).
  const heading = main.querySelector("h1");
  if (heading && shown++ > 0) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

function notFound() {
  return h("section", { class: "panel" }, h("h1", {}, "Page not found"),
    h("p", {}, "This page does not exist. "), h("a", { href: "#/" }, "Go to the start page"));
}

function forbidden(why = "Your role does not include this page.") {
  return h("section", { class: "panel" }, h("h1", {}, "Not available"), h("p", {}, why));
}

function loadFailed(error) {
  return h("section", { class: "panel" }, h("h1", {}, "This page could not be loaded"),
    h("p", { class: "notice notice-error", role: "alert" }, error && error.message ? error.message : "Something went wrong."),
    h("button", { type: "button", onclick: () => render() }, "Try again"));
}

setSessionLostHandler(() => signOut("expired"));
window.addEventListener("hashchange", render);
window.addEventListener("portal:patient-changed", (event) => {
  refreshRecordBar();
  if (event.detail && event.detail.stay) return;
  // Pages about one item of the previous record make no sense for the new one.
  const { path } = parseHash();
  if (path.split("/").length > 2 && !path.startsWith("/staff")) go("/home");
  else render();
});
document.getElementById("skip").addEventListener("click", (event) => {
  event.preventDefault();
  const main = document.getElementById("main");
  if (main) main.focus();
});
render();
