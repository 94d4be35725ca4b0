// One statement (patient side): what was charged and what insurance paid, what happened
// since (payments, refunds), the PDF, the way to pay, and "Ask about this bill" (a billing message).
import { api } from "../api.js";
import { formatDay, formatTime, h } from "../dom.js";
import { notice, onSubmit, showNotice } from "../forms.js";
import { chosenAmount, ENTRY_WORDS, idempotencyKey, money, payChoice, statusBadge } from "../billing-common.js";
import { downloadLink, prepare } from "../export-job.js";
import * as session from "../session.js";

export async function render({ params }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}/statements/${params.id}`;
  const s = await api.get(base);
  const status = notice();
  // The export worker makes the PDF (issue 16): "Preparing your file...", then the link.
  const ready = h("span", { hidden: true });
  const pdf = h("button", { type: "button", onclick: async () => {
    pdf.disabled = true;
    try {
      const job = await prepare(patient.patient_id, `${base}/pdf`, {}, status);
      showNotice(status, "Your PDF is ready.");
      ready.replaceChildren(downloadLink(patient.patient_id, job, `Save ${job.filename}`));
      ready.hidden = false;
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    } finally {
      pdf.disabled = false;
    }
  } }, "Download PDF");
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/billing" }, "← Billing")),
      h("h1", {}, `Statement ${s.number}`),
      h("p", {}, `${formatDay(s.statement_date)} · due ${formatDay(s.due_date)} `, statusBadge(s.status)))),
    status,
    h("section", { class: "card", "aria-labelledby": "due-h" }, h("h2", { id: "due-h" }, "Balance due"),
      h("p", { class: "lead" }, h("strong", {}, money(s.balance_cents))),
      h("div", { class: "actions" }, pdf, ready)),
    s.balance_cents > 0 ? payForm(patient, s) : null,
    h("section", { class: "panel", "aria-labelledby": "lines-h" }, h("h2", { id: "lines-h" }, "Services"),
      // Focusable: on a phone the table scrolls sideways, and a keyboard must reach that too.
      h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Services, scrolls sideways" },
        h("table", { class: "results-table" },
        h("thead", {}, h("tr", {}, ["Date", "Service", "Charge", "Insurance paid", "Adjustment", "You owe"]
          .map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, s.lines.map((l) => h("tr", {},
          h("td", {}, formatDay(l.service_date)),
          h("th", { scope: "row" }, l.description, l.cpt_code ? h("span", { class: "small muted" }, ` (${l.cpt_code})`) : null),
          h("td", {}, money(l.charge_cents)), h("td", {}, money(l.insurance_cents)),
          h("td", {}, money(l.adjustment_cents)), h("td", {}, money(l.patient_cents)))))))),
    h("section", { class: "panel", "aria-labelledby": "activity-h" }, h("h2", { id: "activity-h" }, "Activity"),
      h("ul", { class: "list" }, s.entries.map((e) => h("li", {},
        h("div", { class: "row" }, h("strong", {}, ENTRY_WORDS[e.kind] || e.kind),
          h("span", {}, e.amount_cents < 0 ? `−${money(-e.amount_cents)}` : money(e.amount_cents)),
          e.receipt_number ? h("span", { class: "badge ok" }, `Receipt ${e.receipt_number}`) : null),
        h("p", { class: "small muted" }, formatTime(e.recorded_at)))))),
    h("section", { class: "panel", "aria-labelledby": "ask-h" }, h("h2", { id: "ask-h" }, "Questions about this bill?"),
      h("p", { class: "small muted" }, "The billing team answers in the portal."),
      h("a", { class: "button", href: `#/messages/new?topic=billing&about_type=statement&about_id=${s.statement_id}` },
        "Ask about this bill")),
  ];
}

function payForm(patient, s) {
  const key = idempotencyKey();
  const form = h("form", { "aria-labelledby": "pay-h" },
    h("h2", { id: "pay-h" }, "Pay online"),
    h("p", { class: "small muted" }, "You pay on our payment provider's secure page by card or from a bank account. "
      + "The portal never sees your card number."),
    payChoice(s.balance_cents, "pay"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Continue to secure payment")));
  onSubmit(form, async () => {
    const amount = chosenAmount(form);
    const body = { statement_id: s.statement_id, ...(amount === null ? {} : { amount_cents: amount }) };
    const opened = await api.post(`/patients/${patient.patient_id}/payments/checkout`, body,
      { headers: { "Idempotency-Key": key } });
    window.location.assign(opened.checkout_url);
  });
  return h("section", { class: "panel" }, form);
}
