// eCheck-in for one visit (issue 17): contact details, insurance card, medications and
// allergies, consent forms, the visit's questionnaires, then "Check in". Each step is
// saved on its own (the API writes a step whole or not at all) and the page redraws.
import { api } from "../api.js";
import { dayWords, timeWords } from "../appointments-common.js";
import { formatAddress, formatPhone, formatTime, h } from "../dom.js";
import { field, FieldError, flash, notice, onSubmit, phoneValue, takeFlash } from "../forms.js";
import { collect, entryFields, inlineForm } from "../health-form.js";
import { KINDS } from "../health-kinds.js";
import { crisisNotice, questionnaireFields } from "../questionnaire-form.js";
import * as session from "../session.js";
import { ACCEPT, uploadDocument } from "../upload.js";

const REVIEWED = ["medications", "allergies"];

function step(id, title, done, ...body) {
  return h("section", { class: "panel checkin-step", "aria-labelledby": id },
    h("div", { class: "row" }, h("h2", { id }, title),
      h("span", { class: `badge ${done ? "ok" : "warn"}` }, done ? "Done" : "To do")), body);
}

export async function render({ params, go, path }) {
  const patient = session.currentPatient();
  const pid = patient.patient_id;
  const base = `/patients/${pid}/appointments/${params.id}/checkin`;
  const [state, visit] = await Promise.all([api.get(base), api.get(`/patients/${pid}/appointments/${params.id}`)]);
  const status = takeFlash(notice());
  const saved = async (message) => { flash(message); await go(path); };
  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: "#/appointments" }, "← Appointments")),
    h("h1", {}, `Check in for ${visit.visit_type_name}`),
    h("p", {}, `${dayWords(visit.date)} at ${timeWords(visit.time)} with ${visit.provider_name}`)));
  if (state.checked_in_at) {
    return [head, status, h("p", { class: "notice notice-ok", role: "status" },
      `Checked in online ${formatTime(state.checked_in_at)}. The front desk has what you sent; see you at the visit.`),
    crisisNotice(state.crisis_message)];
  }
  if (state.window.state !== "open") {
    const words = state.window.state === "not-yet" ? `Online check-in opens ${formatTime(state.window.opens_at)}.`
      : "Online check-in is closed for this visit. Please check in at the front desk.";
    return [head, h("p", { class: "notice notice-info" }, words)];
  }
  const [person, health, cards] = await Promise.all([api.get(`/patients/${pid}`), api.get(`/patients/${pid}/health`),
    api.get(`/patients/${pid}/documents`, { category: "insurance_card", limit: 20 })]);
  const changes = state.changes || {};
  return [
    head,
    h("p", {}, "Five short steps. Each is saved as you go; finish with \"Check in\"."),
    status,
    crisisNotice(state.crisis_message),
    contactStep(base, person, state.done.contact, changes.contact, saved),
    insuranceStep(base, pid, cards.items, state.done.insurance, changes.insurance, saved),
    healthStep(base, pid, health.items, state.done.health, saved),
    consentStep(base, state.consents, state.done.consents, saved),
    questionnaireStep(base, state.questionnaires, state.done.questionnaires, saved),
    finishStep(base, state, saved),
  ];
}

function contactStep(base, person, done, change, saved) {
  const a = person.address || {};
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Email"), h("dd", {}, person.email || "—"),
    h("dt", {}, "Mobile phone"), h("dd", {}, formatPhone(person.phone) || "—"),
    h("dt", {}, "Address"), h("dd", {}, formatAddress(person.address) || "—"));
  if (change && change.request_id) {
    return step("checkin-contact", "1. Contact details", done, facts,
      h("p", { class: "small" }, "The changes you sent wait for the front desk to review them."));
  }
  const form = h("form", { "aria-label": "Confirm your contact details" },
    h("p", {}, "Is this right? Change what is not: the front desk reviews changes before they are saved."),
    h("div", { class: "grid-2" },
      field("Email", "changes.email", { type: "email", value: person.email || "", autocomplete: "email" }),
      field("Mobile phone", "changes.phone", { type: "tel", value: formatPhone(person.phone), autocomplete: "tel" }),
      field("Street address", "changes.address.line1", { value: a.line1 || "", autocomplete: "address-line1" }),
      field("Apartment, suite (optional)", "changes.address.line2", { value: a.line2 || "", autocomplete: "address-line2" }),
      field("City", "changes.address.city", { value: a.city || "", autocomplete: "address-level2" }),
      field("State", "changes.address.state", { value: a.state || "", autocomplete: "address-level1" }),
      field("ZIP code", "changes.address.postal_code", { value: a.postal_code || "", autocomplete: "postal-code" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Confirm contact details")));
  onSubmit(form, async (data) => {
    const changes = {};
    if (data["changes.email"] && data["changes.email"] !== (person.email || "")) changes.email = data["changes.email"];
    const phone = phoneValue(data["changes.phone"], "changes.phone");
    if (phone && phone !== person.phone) changes.phone = phone;
    const keys = ["line1", "line2", "city", "state", "postal_code"];
    if (keys.some((k) => (data[`changes.address.${k}`] || "") !== (a[k] || ""))) {
      changes.address = { country: a.country || "US" };
      for (const k of keys) if (data[`changes.address.${k}`]) changes.address[k] = data[`changes.address.${k}`];
    }
    await api.post(`${base}/contact`, Object.keys(changes).length ? { changes } : {});
    await saved(Object.keys(changes).length ? "Thank you. The front desk will review your new contact details."
      : "Contact details confirmed.");
  });
  return step("checkin-contact", "1. Contact details", done, done ? [facts, inlineForm("Change them", form)] : form);
}

function insuranceStep(base, pid, cards, done, change, saved) {
  const front = field("Front of the card", "front", { type: "file", accept: ACCEPT,
    hint: "A photo or PDF, up to 10 MB." });
  const back = field("Back of the card", "back", { type: "file", accept: ACCEPT });
  const form = h("form", { "aria-label": "Upload your insurance card" },
    h("div", { dataset: { field: "document_ids" } }, front, back, h("p", { class: "error", hidden: true })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Upload the card")));
  onSubmit(form, async () => {
    const files = ["front", "back"].map((n) => form.querySelector(`input[name=${n}]`).files[0]);
    if (!files[0]) throw new FieldError("front", "Choose a photo of the front of the card.");
    const ids = [];
    for (const [i, file] of files.entries()) {
      if (!file) continue;
      try {
        ids.push((await uploadDocument(pid, file, { category: "insurance_card" })).document_id);
      } catch (error) {
        throw Object.assign(error, { field: i ? "back" : "front" });
      }
    }
    await api.post(`${base}/insurance`, { document_ids: ids });
    await saved("Insurance card uploaded.");
  });
  const onFile = cards.length ? h("form", { "aria-label": "Use the card on file" },
    h("p", {}, `On file: ${cards.map((c) => c.title).join(", ")}.`),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "My insurance has not changed"))) : null;
  if (onFile) {
    onSubmit(onFile, async () => {
      await api.post(`${base}/insurance`, { on_file: true });
      await saved("Insurance card confirmed.");
    });
  }
  const summary = change ? h("p", {}, change.on_file ? "You confirmed the card on file."
    : `Uploaded: ${(change.titles || []).join(", ")}.`) : null;
  const body = [onFile, h("h3", {}, cards.length ? "Or upload a new card" : "Upload your card"), form];
  return step("checkin-insurance", "2. Insurance card", done, done ? [summary, inlineForm("Upload another card", h("div", {}, body))] : body);
}

function healthStep(base, pid, entries, done, saved) {
  const sent = [];
  const box = h("div", {});
  for (const name of REVIEWED) {
    const kind = KINDS.find((k) => k.name === name);
    const mine = entries.filter((e) => e.kind === name && e.status === "active");
    box.append(h("h3", {}, kind.title),
      mine.length ? h("ul", { class: "list" }, mine.map((e) => h("li", {}, h("strong", {}, e.title),
        inlineForm(`This is wrong or I stopped it: ${e.title}`, removeForm(pid, kind, e, sent))))) :
        h("p", { class: "empty" }, `No ${kind.title.toLowerCase()} on file.`),
      inlineForm(`Add a missing ${kind.label}`, addForm(pid, kind, sent)));
  }
  const confirm = h("form", { "aria-label": "Confirm medications and allergies" },
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "My medications and allergies are reviewed")));
  onSubmit(confirm, async () => {
    await api.post(`${base}/health`, { request_ids: sent });
    await saved(sent.length ? "Thank you. Your clinician will review the corrections." : "Medications and allergies reviewed.");
  });
  return step("checkin-health", "3. Medications and allergies", done,
    h("p", {}, "Corrections you send here go to your clinician, who updates your record."), box, confirm);
}

function removeForm(pid, kind, entry, sent) {
  const form = h("form", { "aria-label": `Correct ${entry.title}` },
    field("What changed?", "note", { type: "textarea", rows: 2 }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Send correction")));
  onSubmit(form, async (data) => {
    const made = await api.post(`/patients/${pid}/corrections`,
      { kind: kind.name, action: "retire", entry_id: entry.entry_id, note: data.note });
    sent.push(made.request_id);
    form.replaceWith(h("p", { class: "small", role: "status" }, "Correction sent."));
  });
  return form;
}

function addForm(pid, kind, sent) {
  const form = h("form", { "aria-label": `Add a missing ${kind.label}` }, entryFields(kind),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Send")));
  onSubmit(form, async (data) => {
    const made = await api.post(`/patients/${pid}/corrections`, { kind: kind.name, action: "add", fields: collect(kind, data) });
    sent.push(made.request_id);
    form.replaceWith(h("p", { class: "small", role: "status" }, "Sent to your clinician."));
  });
  return form;
}

function consentStep(base, consents, done, saved) {
  const due = consents.filter((c) => c.needs_signature);
  const signedList = consents.filter((c) => !c.needs_signature).map((c) =>
    h("li", {}, `${c.title} (version ${c.version}), signed ${formatTime(c.signed_at)}`));
  if (!due.length) {
    return step("checkin-consents", "4. Consent forms", done,
      signedList.length ? h("ul", { class: "list" }, signedList) : h("p", {}, "No forms to sign."));
  }
  const form = h("form", { "aria-label": "Sign the consent forms" },
    due.map((c) => h("div", { class: "consent" }, h("h3", {}, c.title),
      c.signed_version ? h("p", { class: "small" }, `The practice updated this form since you signed version ${c.signed_version}.`) : null,
      h("div", { class: "consent-text prose", tabindex: "0", role: "region", "aria-label": `Text of ${c.title}` }, c.text))),
    h("div", { dataset: { field: "signatures" } },
      field("Type your full name to sign", "signed_name", { autocomplete: "name",
        hint: "Typing your name here is your signature. A signed copy goes to your documents." })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Sign")));
  onSubmit(form, async (data) => {
    if (!data.signed_name) throw new FieldError("signed_name", "Type your full name to sign.");
    await api.post(`${base}/consents`, { signatures: due.map((c) => ({ form_id: c.form_id, version: c.version,
      signed_name: data.signed_name })) });
    await saved("Signed. A copy is in your documents.");
  });
  return step("checkin-consents", "4. Consent forms", done, form);
}

function questionnaireStep(base, questionnaires, done, saved) {
  if (!questionnaires.length) return step("checkin-questions", "5. Questionnaires", done, h("p", {}, "None for this visit."));
  const parts = questionnaires.map((q, i) => [q, questionnaireFields(q.questionnaire, { prefix: `responses[${i}].answers` })]);
  const form = h("form", { "aria-label": "Questionnaires for this visit" },
    parts.map(([q, fields]) => h("div", {}, h("h3", {}, q.title),
      q.answered ? h("p", { class: "small" }, "Answered. Answer again to change your answers.") : null, fields.element)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send answers")));
  onSubmit(form, async () => {
    await api.post(`${base}/questionnaires`, { responses: parts.map(([q, fields]) =>
      ({ form_id: q.form_id, answers: fields.answers() })) });
    await saved("Answers sent to your clinician.");
  });
  return step("checkin-questions", "5. Questionnaires", done,
    done ? [h("p", {}, "Answered."), inlineForm("Change your answers", form)] : form);
}

function finishStep(base, state, saved) {
  const left = Object.entries(state.done).filter(([, ok]) => !ok).length;
  const button = h("button", { type: "button", class: "primary", disabled: !state.ready, onclick: async () => {
    button.disabled = true;
    try {
      await api.post(`${base}/complete`, {});
      await saved("You are checked in online.");
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  } }, "Check in");
  const message = h("p", { role: "status" }, state.ready ? "All done: check in now."
    : `${left} step${left === 1 ? "" : "s"} left before you can check in.`);
  return h("section", { class: "panel", "aria-labelledby": "checkin-finish" },
    h("h2", { id: "checkin-finish" }, "Finish"), message, h("div", { class: "actions" }, button));
}
