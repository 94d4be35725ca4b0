// Health summary (patient side): every section, a correction form on each entry
// and section, refill requests on active medications, and the requests sent.
import { api } from "../api.js";
import { formatAddress, formatDay, formatPhone, formatTime, fullName, h } from "../dom.js";
import { field, FieldError, flash, notice, onSubmit, takeFlash } from "../forms.js";
import { collect, entryFields, inlineForm } from "../health-form.js";
import { describe, KINDS, STATUS_WORDS } from "../health-kinds.js";
import { jumpNav } from "../jump.js";
import * as session from "../session.js";
import { pharmacySection, SENT_BY } from "../pharmacy.js";

export async function render({ go, path }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}`;
  const [summary, requests] = await Promise.all([api.get(`${base}/health`), api.get(`${base}/requests`, { limit: 20 })]);
  const status = takeFlash(notice());
  const done = async (message) => {
    flash(message);
    go(path);
  };
  const whose = session.viewingSelf() ? "your" : `${fullName(patient)}'s`;
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Health summary"),
      h("p", {}, `What the practice has on file about ${whose} health. See something wrong or missing? Tell us.`))),
    jumpNav("Sections of the health summary", [...KINDS.map((k) => [`sec-${k.name}`, k.title]),
      ["pharmacy-h", "Pharmacy"], ["requests-h", `${session.whose({ capital: true })} requests`]]),
    status,
    KINDS.map((kind) => section(kind, summary.items.filter((e) => e.kind === kind.name), base, done)),
    pharmacySection(patient.patient_id, { heading: `${session.whose({ capital: true })} pharmacy`,
      intro: "Where the practice sends refills; you pick them up there." }),
    requestsSection(requests.items),
  ];
}

function section(kind, entries, base, done) {
  const id = `sec-${kind.name}`;
  return h("section", { class: "panel", "aria-labelledby": id },
    h("h2", { id }, kind.title),
    entries.length ? h("ul", { class: "list" }, entries.map((e) => entryItem(kind, e, base, done)))
      : h("p", { class: "empty" }, `No ${kind.title.toLowerCase()} on file.`),
    inlineForm(`Add a missing ${kind.label}`, addForm(kind, base, done)));
}

function entryItem(kind, entry, base, done) {
  const details = describe(kind, entry.fields);
  const canRefill = kind.name === "medications" && entry.status === "active";
  return h("li", { class: "entry" },
    h("div", { class: "row" }, h("strong", {}, entry.title),
      h("span", { class: `badge ${entry.status === "active" ? "ok" : ""}` }, STATUS_WORDS[entry.status] || entry.status)),
    details ? h("p", { class: "small" }, details) : null,
    entry.fields.note ? h("p", { class: "small muted" }, entry.fields.note) : null,
    canRefill && entry.refill_pending ? h("p", { class: "badge warn" }, "Refill requested") : null,
    h("div", { class: "entry-actions" },
      canRefill && !entry.refill_pending ? inlineForm("Request a refill", refillForm(entry, base, done)) : null,
      inlineForm("Ask for a correction", changeForm(kind, entry, base, done))));
}

function addForm(kind, base, done) {
  const form = h("form", { "aria-label": `Add a missing ${kind.label}` },
    entryFields(kind),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send to the practice")));
  onSubmit(form, async (data) => {
    const fields = collect(kind, data);
    await api.post(`${base}/corrections`, { kind: kind.name, action: "add", fields });
    await done("Thank you. The practice will review what you sent and update the record.");
  });
  return form;
}

function changeForm(kind, entry, base, done) {
  const form = h("form", { "aria-label": `Ask for a correction to ${entry.title}` },
    field("What is wrong?", "action", { options: [["change", "Some details are wrong"],
      ["retire", "It is wrong or no longer true: remove it"]] }),
    entryFields(kind, entry.fields),
    field("Anything the practice should know (required when removing)", "note", { type: "textarea", rows: 2 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send correction")));
  onSubmit(form, async (data) => {
    const body = { kind: kind.name, action: data.action, entry_id: entry.entry_id };
    if (data.action === "change") {
      body.fields = collect(kind, data, entry.fields);
      if (!Object.keys(body.fields).length) throw new FieldError(`fields.${kind.titleField}`, "Change at least one detail.");
    }
    if (data.note) body.note = data.note;
    await api.post(`${base}/corrections`, body);
    await done("Thank you. The practice will review your correction.");
  });
  return form;
}

function refillForm(entry, base, done) {
  const form = h("form", { "aria-label": `Request a refill of ${entry.title}` },
    field("Note for the practice (optional)", "note", { type: "textarea", rows: 2,
      hint: "For example which pharmacy, or how many days you have left." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send refill request")));
  onSubmit(form, async (data) => {
    await api.post(`${base}/refills`, { entry_id: entry.entry_id, ...(data.note ? { note: data.note } : {}) });
    await done(`Refill of ${entry.title} requested. The practice will let you know.`);
  });
  return form;
}

const REQUEST_STATUS = { pending: ["Waiting for the practice", "warn"], accepted: ["Accepted", "ok"],
  declined: ["Declined", "bad"] };

function requestsSection(items) {
  const words = (r) => (r.type === "refill" ? `Refill of ${r.entry_title || "a medication"}`
    : `${{ add: "Add", change: "Correct", retire: "Remove" }[r.action]} ${r.entry_title || r.kind.replace("-", " ")}`);
  return h("section", { class: "panel", "aria-labelledby": "requests-h" },
    h("h2", { id: "requests-h" }, `${session.whose({ capital: true })} requests`),
    items.length ? h("ul", { class: "list" }, items.map((r) => {
      const [label, tone] = REQUEST_STATUS[r.status] || [r.status, ""];
      return h("li", { class: "request" },
        h("div", { class: "row" }, h("strong", {}, words(r)), h("span", { class: `badge ${tone}` }, label)),
        h("p", { class: "small muted" }, `Sent ${formatTime(r.submitted_at)}`,
          r.decided_at ? ` · answered ${formatDay(r.decided_at)} by ${r.decided_by_name}` : ""),
        r.decision_note ? h("p", { class: "small" }, `Note from the practice: ${r.decision_note}`) : null,
        r.pharmacy && r.status === "accepted" ? h("p", { class: "notice notice-info pickup" },
          `${SENT_BY[r.sent_by] ? `${SENT_BY[r.sent_by][0].toUpperCase()}${SENT_BY[r.sent_by].slice(1)}` : "Sent"} to ${r.pharmacy.name}. Pick it up there`,
          r.pharmacy.address ? `: ${formatAddress(r.pharmacy.address).replace(/\n/g, ", ")}` : "",
          ` (${formatPhone(r.pharmacy.phone)}).`) : null);
    })) : h("p", { class: "empty" }, "You have not sent any corrections or refill requests."));
}
