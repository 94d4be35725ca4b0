// One visit summary, with its attached documents (drawn by visit-summary-view.js,
// which the clinician's preview uses too).
import { api } from "../api.js";
import { h } from "../dom.js";
import * as session from "../session.js";
import { summaryArticle, summaryHead } from "../visit-summary-view.js";
import { downloadDocument } from "./documents.js";

export async function render({ params }) {
  const patient = session.currentPatient();
  const v = await api.get(`/patients/${patient.patient_id}/visit-summaries/${params.id}`);
  const head = summaryHead(v, h("p", { class: "small" }, h("a", { href: "#/visits" }, "← All visit summaries")));
  if (v.status === "pending") return [head, h("p", { class: "notice notice-info" }, v.message)];
  return [
    head,
    summaryArticle(v, {
      attachment: (a) => h("button", { type: "button", class: "link-button",
        onclick: (e) => downloadDocument(patient.patient_id, a.document_id, e.target) }, `Download ${a.title}`),
      extra: h("p", {}, h("a", { class: "button small", href: `#/messages/new?about_type=visit-summary&about_id=${params.id}` },
        "Ask about this")),
    }),
  ];
}
