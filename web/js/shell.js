// The page frame: practice name, menu (role aware), whose record is open, footer.
import { clear, formatPhone, fullName, h } from "./dom.js";
import { icon } from "./icons.js";
import { PATIENT_MENU, STAFF_MENU } from "./routes.js";
import * as session from "./session.js";

let mode = null; // "public" | "app"
let frame = null;

export function mainElement() {
  return frame.main;
}

export function ensureFrame(kind, practice) {
  const root = document.getElementById("app");
  if (mode === kind && frame) {
    if (kind === "app") refreshRecordBar();
    return frame.main;
  }
  mode = kind;
  clear(root);
  const main = h("main", { id: "main", tabindex: "-1" });
  if (kind === "public") {
    root.append(
      h("header", { class: "topbar public" }, brand(practice, "#/sign-in")),
      h("div", { class: "public-frame" }, main),
      footer(practice));
    frame = { main };
    return main;
  }
  const me = session.user();
  const nav = h("nav", { id: "menu", class: "menu", "aria-label": "Main menu" }, h("ul", {}, menuItems(me)),
    // On a phone the header shows only the sign-out icon: say it in words here too.
    h("button", { type: "button", class: "menu-signout", onclick: () => session.signOut() }, icon("signout"), "Sign out"));
  const toggle = h("button", {
    type: "button", class: "menu-toggle", "aria-expanded": "false", "aria-controls": "menu",
    onclick: () => setMenuOpen(toggle.getAttribute("aria-expanded") !== "true"),
  }, icon("menu"), h("span", {}, "Menu"));
  const recordBar = h("div", { class: "record-bar", role: "region", "aria-label": "Whose record is open" });
  root.append(
    h("header", { class: "topbar" },
      toggle,
      brand(practice, me.is_staff ? "#/staff/today" : "#/home"),
      h("div", { class: "who" },
        h("span", { class: "who-name" }, me.display_name || me.email),
        h("button", { type: "button", class: "link-button signout", onclick: () => session.signOut() },
          icon("signout", { size: 18 }), h("span", {}, "Sign out")))),
    recordBar,
    h("div", { class: "frame" }, nav, main),
    footer(practice));
  frame = { main, nav, toggle, recordBar };
  refreshRecordBar();
  return main;
}

function brand(practice, href) {
  const name = practice ? practice.name : "Patient portal";
  return h("a", { class: "brand", href },
    h("span", { class: "brand-mark", "aria-hidden": "true" }, name.slice(0, 1)),
    h("span", { class: "brand-text" }, h("span", { class: "brand-name" }, name),
      h("span", { class: "brand-sub" }, "Patient portal")));
}

function footer(practice) {
  return h("footer", { class: "site-footer" },
    h("p", { class: "emergency" }, icon("alert", { size: 18 }),
      h("strong", {}, "For emergencies call 911."), " The portal is not for urgent medical needs."),
    practice && practice.phone
      ? h("p", {}, `${practice.name} · `, h("a", { href: `tel:${practice.phone}` }, formatPhone(practice.phone)))
      : null);
}

function menuItems(me) {
  const items = me.is_staff ? STAFF_MENU : PATIENT_MENU;
  const patient = session.currentPatient();
  return items
    .filter((item) => !item.scope || (patient && patient.scope === item.scope))
    .filter((item) => !item.roles || me.roles.some((r) => item.roles.includes(r)))
    .filter((item) => !item.notRoles || !me.roles.some((r) => item.notRoles.includes(r)))
    .map((item) => h("li", {}, h("a", { href: item.href, onclick: () => setMenuOpen(false) },
      icon(item.icon), h("span", {}, item.label))));
}

export function setMenuOpen(open) {
  if (!frame || !frame.toggle) return;
  frame.toggle.setAttribute("aria-expanded", String(open));
  frame.nav.classList.toggle("open", open);
}

/** Mark the menu entry for the current page (aria-current). The phone menu closes
 * when an entry is chosen, not here: a page finishing its load must not shut it. */
export function markCurrent(path) {
  if (!frame || !frame.nav) return;
  let best = null;
  for (const a of frame.nav.querySelectorAll("a")) {
    a.removeAttribute("aria-current");
    const target = a.getAttribute("href").slice(1);
    if (path === target || path.startsWith(`${target}/`)) {
      if (!best || target.length > best.getAttribute("href").length - 1) best = a;
    }
  }
  if (best) best.setAttribute("aria-current", "page");
}

/** The record bar: always says whose record is open; a caregiver switches here. */
export function refreshRecordBar() {
  if (!frame || !frame.recordBar) return;
  // The menu depends on the open record (a limited proxy sees fewer features).
  frame.nav.querySelector("ul").replaceChildren(...menuItems(session.user()));
  const bar = clear(frame.recordBar);
  const me = session.user();
  const current = session.currentPatient();
  if (me.is_staff || !current) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  const self = current.access === "self";
  bar.classList.toggle("proxy", !self);
  bar.append(h("p", { class: "record-owner" },
    self ? "Your record: " : "You are viewing the record of ",
    h("strong", { "data-testid": "record-owner" }, fullName(current)),
    self ? "" : ` (${current.relationship || "proxy access"})`));
  const choices = session.patients();
  if (choices.length > 1) {
    const select = h("select", { id: "record-switch", onchange: (e) => session.switchPatient(e.target.value) },
      choices.map((p) => h("option", { value: p.patient_id, selected: p.patient_id === current.patient_id },
        p.access === "self" ? `Myself (${fullName(p)})` : fullName(p))));
    bar.append(h("div", { class: "record-switch" }, h("label", { for: "record-switch" }, "Switch record"), select));
  }
}
