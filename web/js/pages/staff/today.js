// Staff: Today, the landing page after sign-in. One card per thing the caller's role works
// (GET /staff/today): a count, a short list where the role works patients by name, and a
// link to the page where the work is done. A patient search sits on top.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field } from "../../forms.js";

function searchBox(go) {
  const form = h("form", { role: "search", class: "search-form today-search", onsubmit: (event) => {
    event.preventDefault();
    const q = form.elements.q.value.trim();
    if (q) go(`/staff?q=${encodeURIComponent(q)}`);
  } },
  field("Find a patient", "q", { autocomplete: "off",
    hint: "Name (“Alex Morgan”, “Morgan, Alex” or the first letters), phone, date of birth or MRN." }),
  h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Search")));
  return form;
}

function item(entry) {
  return h("li", {},
    h("div", { class: "row" },
      entry.href ? h("a", { href: entry.href }, entry.text) : h("span", {}, entry.text),
      entry.badge ? h("span", { class: `badge ${BADGE_TONE[entry.badge] || ""}` }, entry.badge) : null),
    entry.detail ? h("p", { class: "small muted" }, entry.detail) : null,
    (entry.links || []).length ? h("p", { class: "small" }, entry.links.map((l) => h("a", { href: l.href }, l.label))) : null);
}

const BADGE_TONE = { "Checked in": "ok", "Checked in online": "ok", Done: "ok", OK: "ok", Completed: "", "Summary to write": "warn",
  "To do": "warn", Look: "warn", Overdue: "bad", "No-show": "bad",
  "Follow up": "bad" };

function card(c) {
  const id = `today-${c.key}`;
  return h("section", { class: "panel today-card", "aria-labelledby": id, dataset: { card: c.key } },
    h("h3", { id }, c.title, " ", h("span", { class: "today-count" }, `${c.count}${c.more ? "+" : ""}`)),
    c.detail ? h("p", { class: "small" }, c.detail) : null,
    c.items.length ? h("ul", { class: "today-items" }, c.items.map(item))
      : c.empty && !c.count ? h("p", { class: "empty small" }, c.empty) : null,
    h("p", { class: "today-action" }, h("a", { href: c.href }, c.action)));
}

// Last week's small wins (issue 15): the weekly email's lines, counts only.
function wins(w) {
  if (!w) return null;
  const lines = [...(w.wins || []), ...(w.milestones || []).map((m) => `Milestone: ${m}.`)];
  return h("section", { class: "panel today-wins", "aria-labelledby": "today-wins-h", dataset: { card: "wins" } },
    h("h2", { id: "today-wins-h" }, `Last week's wins (${w.week_words})`),
    lines.length ? h("ul", {}, lines.map((line) => h("li", {}, line))) : h("p", { class: "empty small" }, "A quiet week in the portal."),
    w.look_at ? h("p", { class: "small" }, h("strong", {}, "One thing to look at: "), w.look_at) : null);
}

export async function render({ go }) {
  const today = await api.get("/staff/today");
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Today"),
      h("p", {}, today.date_words))),
    h("div", { class: "panel" }, searchBox(go)),
    wins(today.wins),
    ...today.sections.map((s) => h("section", { class: "today-section", "aria-labelledby": `today-${s.role}-h` },
      h("h2", { id: `today-${s.role}-h` }, s.title),
      h("div", { class: "today-grid" }, s.cards.map(card)))),
  ];
}
