// One visit summary, with its attached documents.
import { api } from "../api.js";
import { formatDay, formatTime, h } from "../dom.js";
import * as session from "../session.js";
import { downloadDocument } from "./documents.js";

const PARTS = [["reason", "Reason for the visit"], ["assessment", "What we found"],
  ["instructions", "What to do"], ["follow_up", "Follow-up"]];

export async function render({ params }) {
  const patient = session.currentPatient();
  const v = await api.get(`/patients/${patient.patient_id}/visit-summaries/${params.id}`);
  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: "#/visits" }, "← All visit summaries")),
    h("h1", {}, `Visit on ${formatDay(v.visit_date)}`),
    h("p", {}, v.provider_name ? `With ${v.provider_name}` : "")));
  if (v.status === "pending") return [head, h("p", { class: "notice notice-info" }, v.message)];
  return [
    head,
    h("article", { class: "panel visit-summary" },
      PARTS.filter(([name]) => v[name]).map(([name, label]) => h("section", {},
        h("h2", {}, label), h("p", { class: "prose" }, v[name]))),
      v.attachments && v.attachments.length ? h("section", {}, h("h2", {}, "Attached documents"),
        h("ul", { class: "list" }, v.attachments.map((a) => h("li", {},
          h("button", { type: "button", class: "link-button", onclick: (e) => downloadDocument(patient.patient_id, a.document_id, e.target) },
            `Download ${a.title}`))))) : null,
      h("p", {}, h("a", { class: "button small", href: `#/messages/new?about_type=visit-summary&about_id=${params.id}` },
        "Ask about this")),
      h("p", { class: "small muted" }, `Written by ${v.author_name || v.provider_name || "the practice"}`,
        v.created_at ? ` on ${formatTime(v.released_at || v.created_at)}` : "")),
  ];
}
