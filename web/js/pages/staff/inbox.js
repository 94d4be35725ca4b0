// Staff inbox: one pool at a time, oldest waiting first, with the clock (due or overdue),
// filters kept in the URL (pool, state, assignment).
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field } from "../../forms.js";
import { practiceZone, whenWords } from "../../messages-common.js";

const STATUSES = [["waiting", "Waiting"], ["overdue", "Overdue"], ["answered", "Answered"], ["closed", "Closed"]];
const ASSIGNED = [["any", "Anyone"], ["me", "Mine"], ["unassigned", "Unassigned"]];

function clock(t, zone) {
  if (t.status === "closed") return `Closed ${whenWords(t.closed_at, zone)}`;
  if (!t.waiting_since) return `Answered; last message ${whenWords(t.last_message_at, zone)}`;
  const since = `Waiting since ${whenWords(t.waiting_since, zone)}`;
  return t.overdue ? `${since} · overdue` : `${since} · answer by ${whenWords(t.due_at, zone)}`;
}

export async function render({ query, go }) {
  const wanted = { pool: query.get("pool") || "", status: query.get("status") || "waiting",
    assigned: query.get("assigned") || "any" };
  const [page, zone] = await Promise.all([
    api.get("/inbox", { ...wanted, limit: 50, cursor: query.get("cursor") || "" }), practiceZone()]);
  const filters = h("form", { class: "panel filters", "aria-label": "Filters" },
    field("Inbox", "pool", { options: page.pools.map((p) => [p.id, p.name]), value: page.pool }),
    field("Show", "status", { options: STATUSES, value: page.status }),
    field("Assigned to", "assigned", { options: ASSIGNED, value: page.assigned }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Show")));
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams(Object.fromEntries(["pool", "status", "assigned"]
      .map((n) => [n, filters.elements[n].value])));
    go(`/staff/inbox?${params}`);
  });
  const rows = page.items.map((t) => h("li", { class: t.overdue ? "overdue" : null },
    h("div", { class: "row" },
      h("a", { class: "strong-link", href: `#/staff/inbox/${t.patient_id}/${t.thread_id}` },
        `${t.patient_name}: ${t.subject}`),
      t.overdue ? h("span", { class: "badge bad" }, "Overdue") : null,
      t.assigned_name ? h("span", { class: "badge" }, t.assigned_name) : h("span", { class: "badge warn" }, "Unassigned")),
    h("p", { class: "small muted" }, `${t.topic_label} · ${t.ref} · ${clock(t, zone)}`)));
  const more = page.cursor ? h("p", {}, h("a", { class: "button", href: `#/staff/inbox?${new URLSearchParams({
    pool: page.pool, status: page.status, assigned: page.assigned, cursor: page.cursor })}` }, "Next page")) : null;
  const poolName = (page.pools.find((p) => p.id === page.pool) || {}).name || page.pool;
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Inbox"),
      h("p", {}, `${poolName}: ${STATUSES.find(([v]) => v === page.status)[1].toLowerCase()} conversations`
        + (page.status === "closed" ? ", newest first." : ", oldest first.")))),
    filters,
    h("section", { class: "panel", "aria-label": "Conversations" },
      rows.length ? h("ul", { class: "list inbox" }, rows)
        // an assigned view filters one page of the pool: it may be empty with more beyond
        : h("p", { class: "empty" }, page.cursor ? "None on this page: look on the next." : "Nothing here.")),
    more,
  ];
}
