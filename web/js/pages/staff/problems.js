// Admin: problem reports about the portal (issue 15), by status. Reply and set the status;
// resolving emails the reporter a link (never the text), and they read the reply in the portal.
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const TABS = [["new", "New"], ["in_progress", "In progress"], ["resolved", "Resolved"]];
const STATES = [["new", "New"], ["in_progress", "In progress"], ["resolved", "Resolved"]];

export async function render({ query, go }) {
  const current = TABS.some(([k]) => k === query.get("status")) ? query.get("status") : "new";
  const found = await api.get("/problems", { status: current, limit: 50 });
  const status = notice();
  const row = (r) => {
    const form = h("form", { "aria-label": `Answer the report sent ${formatTime(r.created_at)}` },
      field("Reply (the reporter reads it in the portal)", "reply", { type: "textarea", value: r.reply || "", rows: 3, maxlength: 2000 }),
      field("Status", "status", { options: STATES, value: r.status }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save")));
    onSubmit(form, async (data) => {
      const saved = await api.patch(`/problems/${r.report_id}`, { status: data.status, reply: data.reply });
      go(`/staff/problems?status=${current}&saved=${saved.status}`);
    });
    return h("li", { class: "card", "data-testid": "problem" },
      h("p", { class: "small muted" }, `From a ${r.reporter_kind === "staff" ? "staff member" : "patient"}, `
        + `${formatTime(r.created_at)}${r.page ? ` · page ${r.page}` : ""}`),
      h("p", {}, r.what),
      r.has_screenshot ? h("p", {}, h("button", { type: "button", class: "link-button", onclick: async () => {
        const link = await api.get(`/problems/${r.report_id}/screenshot`);
        window.open(link.url, "_blank", "noopener");
      } }, "Open the screenshot")) : null,
      form);
  };
  if (query.get("saved")) {
    status.className = "notice notice-ok";
    showNotice(status, query.get("saved") === "resolved" ? "Saved and resolved: the reporter was told by email." : "Saved.");
  }
  return h("section", { class: "panel" },
    h("h1", {}, "Problem reports"),
    h("p", { class: "lead" }, "What patients and staff told the practice about the portal."),
    h("nav", { class: "tabs", "aria-label": "Reports by status" }, h("ul", {}, TABS.map(([k, label]) =>
      h("li", {}, h("a", { href: `#/staff/problems?status=${k}`, "aria-current": k === current ? "page" : null }, label))))),
    status,
    h("ul", { class: "list" }, ...(found.items.length ? found.items.map(row)
      : [h("li", { class: "empty" }, "No reports here.")])));
}
