// Clinicians: pending corrections and refill requests of every patient, oldest
// first; accept (applied to the record at once) or decline with a note, in one step.
import { api } from "../../api.js";
import { append, formatDay, formatTime, fullName, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { BY_NAME } from "../../health-kinds.js";
import { pharmacyFacts } from "../../pharmacy.js";

function what(r) {
  const kind = BY_NAME[r.kind];
  if (r.type === "refill") return `Refill: ${r.entry_title || "medication"}`;
  const verb = { add: "Add", change: "Correct", retire: "Remove" }[r.action] || r.action;
  return `${verb} ${kind ? kind.label : r.kind}${r.entry_title ? `: ${r.entry_title}` : ""}`;
}

function proposed(r) {
  const kind = BY_NAME[r.kind];
  if (!r.fields || !kind) return null;
  return h("dl", { class: "facts" }, Object.entries(r.fields).map(([name, value]) => [
    h("dt", {}, kind.fields[name] ? kind.fields[name].label : name),
    h("dd", {}, value === null ? "(clear)" : String(value))]));
}

export async function render() {
  const { items } = await api.get("/review-queue", { limit: 100 });
  const status = notice();
  const list = h("ul", { class: "list-plain review-list" });
  const card = (r) => {
    const li = h("li", { class: "card review-item" });
    const form = h("form", { "aria-label": `Decide: ${what(r)} for ${fullName(r.patient)}` },
      r.type === "refill" ? [
        h("h3", { class: "small" }, "Pharmacy on file"),
        pharmacyFacts(r.patient_pharmacy),
        r.patient_pharmacy ? null : h("p", { class: "small" }, "Add it in the ",
          h("a", { href: `#/staff/patients/${r.patient_id}` }, "chart"), " before accepting."),
        field("How was it sent?", "sent_by", { options: [["", "Choose when accepting"], ["eprescribed", "E-prescribed in the EHR"],
          ["phoned", "Phoned to the pharmacy"], ["faxed", "Faxed to the pharmacy"]],
        hint: "The patient reads where to pick it up." })] : null,
      field("Note to the patient", "note", { type: "textarea", rows: 2,
        hint: "Needed when declining; the patient reads it in the portal." }),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", value: "accept" }, "Accept"),
        h("button", { type: "submit", class: "danger", value: "decline" }, "Decline")));
    onSubmit(form, async (data, submitter) => {
      const decision = submitter && submitter.value === "decline" ? "decline" : "accept";
      await api.post(`/patients/${r.patient_id}/requests/${r.request_id}/decision`,
        { decision, ...(data.note ? { note: data.note } : {}),
          ...(decision === "accept" && data.sent_by ? { sent_by: data.sent_by } : {}) });
      li.remove();
      showNotice(status, `${decision === "accept" ? "Accepted" : "Declined"}: ${what(r)} for ${fullName(r.patient)}.`);
      if (!list.children.length) list.append(h("li", { class: "empty" }, "The queue is empty."));
    });
    append(li, [
      h("div", { class: "row" }, h("h2", {}, what(r)),
        h("span", { class: "badge warn" }, r.type === "refill" ? "Refill" : "Correction")),
      h("p", {}, h("a", { href: `#/staff/patients/${r.patient_id}` }, fullName(r.patient)),
        r.patient ? ` · born ${formatDay(r.patient.birth_date)} · MRN ${r.patient.mrn}` : ""),
      h("p", { class: "small muted" }, `Sent ${formatTime(r.submitted_at)} by ${r.submitted_by_name}`,
        r.submitted_as === "proxy" ? " (proxy)" : ""),
      proposed(r),
      r.note ? h("p", { class: "prose" }, `“${r.note}”`) : null,
      form]);
    return li;
  };
  list.append(...(items.length ? items.map(card) : [h("li", { class: "empty" }, "The queue is empty.")]));
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Review queue"),
      h("p", {}, "Corrections and refill requests from patients, oldest first."))),
    status, list,
  ];
}
