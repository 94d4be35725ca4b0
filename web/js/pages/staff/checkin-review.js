// Staff: what one visit's online check-in changed, in one view (issue 17). The front desk
// accepts or declines a contact change here; insurance cards and signed forms download;
// questionnaire scores show to clinicians only (the API leaves them out for the office).
import { api } from "../../api.js";
import { dayWords, timeWords } from "../../appointments-common.js";
import { formatAddress, formatPhone, formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import * as session from "../../session.js";
import { download } from "../../upload.js";

const DESK = ["front_desk", "admin"];

function part(id, title, ...body) {
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, title), body);
}

function downloadButton(pid, documentId, title, status) {
  return h("button", { type: "button", class: "small", onclick: (e) => download(pid, documentId).catch((error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
    e.target.focus();
  }) }, "Download", h("span", { class: "visually-hidden" }, ` ${title}`));
}

function contactChanges(changes) {
  const rows = [];
  if ("email" in changes) rows.push(["Email", changes.email || "(remove)"]);
  if ("phone" in changes) rows.push(["Mobile phone", formatPhone(changes.phone) || "(remove)"]);
  if ("address" in changes) rows.push(["Address", formatAddress(changes.address) || "(remove)"]);
  return h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

export async function render({ params, go, path }) {
  const { pid, aid } = params;
  const [state, patient, visit] = await Promise.all([api.get(`/patients/${pid}/appointments/${aid}/checkin`),
    api.get(`/patients/${pid}`), api.get(`/patients/${pid}/appointments/${aid}`)]);
  const c = state.changes || {};
  const status = notice();
  const name = `${patient.family_name}, ${patient.given_name}`;
  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: `#/staff/schedule?date=${visit.date}` }, "← Schedule")),
    h("h1", {}, `Online check-in: ${name}`),
    h("p", {}, `${visit.visit_type_name} · ${dayWords(visit.date)} at ${timeWords(visit.time)} · ${visit.provider_name}`)),
  h("a", { class: "button", href: `#/staff/patients/${pid}` }, "Open chart"));
  const summary = state.checked_in_at
    ? h("p", { class: "notice notice-ok" }, h("span", { class: "badge ok" }, "Checked in online"), ` ${formatTime(state.checked_in_at)}`)
    : h("p", { class: "notice notice-info" }, Object.keys(c).length ? "Started, not finished yet." : "Not started.");

  let contact = h("p", { class: "muted" }, "Not done yet.");
  if (c.contact && !c.contact.changes) contact = h("p", {}, `Confirmed as on file ${formatTime(c.contact.at)}.`);
  if (c.contact && c.contact.changes) {
    const decided = c.contact.request_status && c.contact.request_status !== "pending";
    contact = h("div", {}, h("p", {}, "New contact details, waiting for review:"), contactChanges(c.contact.changes),
      decided ? h("p", {}, h("span", { class: `badge ${c.contact.request_status === "accepted" ? "ok" : "bad"}` },
        c.contact.request_status === "accepted" ? "Accepted" : "Declined"),
      c.contact.decided_by_name ? ` by ${c.contact.decided_by_name}` : "") : null,
      !decided && session.hasRole(...DESK) ? decision(pid, c.contact.request_id, () => go(path)) : null);
  }
  const insurance = !c.insurance ? h("p", { class: "muted" }, "Not done yet.")
    : c.insurance.on_file ? h("p", {}, "Confirmed the card on file.")
      : h("ul", { class: "list" }, c.insurance.document_ids.map((id, i) => h("li", { class: "row" },
        h("span", {}, `New card: ${c.insurance.titles[i]}`), downloadButton(pid, id, c.insurance.titles[i], status))));
  const health = !c.health ? h("p", { class: "muted" }, "Not done yet.")
    : h("p", {}, c.health.corrections ? `Reviewed; ${c.health.corrections} correction${c.health.corrections === 1 ? "" : "s"} sent to the clinicians' review queue.`
      : "Reviewed: no changes.");
  const consents = !c.consents ? h("p", { class: "muted" }, "Not done yet.")
    : h("ul", { class: "list" }, c.consents.signed.map((s) => h("li", { class: "row" },
      h("span", {}, `${s.title} (version ${s.version}) signed by ${s.signed_name}, ${formatTime(s.signed_at)}`),
      downloadButton(pid, s.document_id, s.title, status))));
  const answers = !c.questionnaires ? h("p", { class: "muted" }, state.questionnaires.length ? "Not done yet." : "None for this visit.")
    : h("ul", { class: "list" }, c.questionnaires.answered.map((q) => h("li", {}, h("strong", {}, q.title),
      q.score_words ? ` · ${q.score_words}` : "",
      q.flagged ? h("span", { class: "badge bad" }, "Flagged for the clinician") : null)));
  return [head, summary, status,
    part("rv-contact", "Contact details", contact),
    part("rv-insurance", "Insurance card", insurance),
    part("rv-health", "Medications and allergies", health),
    part("rv-consents", "Consent forms", consents),
    part("rv-questions", "Questionnaires", answers)];
}

function decision(pid, requestId, done) {
  const form = h("form", { "aria-label": "Review the new contact details" },
    field("Note to the patient (needed to decline)", "note", { type: "textarea", rows: 2 }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", value: "accept" }, "Accept and update the record"),
      h("button", { type: "submit", value: "decline" }, "Decline")));
  onSubmit(form, async (data, submitter) => {
    await api.post(`/patients/${pid}/requests/${requestId}/decision`,
      { decision: submitter.value, ...(data.note ? { note: data.note } : {}) });
    await done();
  });
  return form;
}
