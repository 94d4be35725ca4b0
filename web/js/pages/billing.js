// Billing (patient side): balance due, open and past statements (18 months), payments and receipts.
import { api } from "../api.js";
import { formatDay, formatTime, h } from "../dom.js";
import { notice, showNotice } from "../forms.js";
import { ENTRY_WORDS, METHOD_WORDS, money, statusBadge } from "../billing-common.js";
import * as session from "../session.js";

const PAST_MONTHS = 18;

export async function render({ query }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}`;
  const [{ items }, payments] = await Promise.all([api.get(`${base}/statements`, { limit: 100 }),
    api.get(`${base}/payments`)]);
  const since = new Date();
  since.setMonth(since.getMonth() - PAST_MONTHS);
  const open = items.filter((s) => s.balance_cents > 0);
  const past = items.filter((s) => s.balance_cents <= 0 && new Date(`${s.statement_date}T00:00:00Z`) >= since);
  const balance = open.reduce((sum, s) => sum + s.balance_cents, 0);
  const status = notice();
  if (query.get("paid")) {
    showNotice(status, "Thank you. Your payment was sent; it shows below as soon as the payment service confirms it "
      + "(bank payments take a few days).");
  } else if (query.get("cancelled")) {
    showNotice(status, "Payment cancelled. Nothing was charged.");
  }
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Billing"),
      h("p", {}, "Your statements from the practice, and payments. Pay online in a few taps."))),
    status,
    h("section", { class: "card", "aria-labelledby": "balance-h" },
      h("h2", { id: "balance-h" }, "Balance due"),
      h("p", { class: "lead" }, h("strong", {}, money(balance))),
      open.length ? h("p", { class: "muted" }, `${open.length} open statement${open.length > 1 ? "s" : ""}. `
        + `Next due ${formatDay(open.map((s) => s.due_date).sort()[0])}.`) : h("p", { class: "muted" }, "Nothing to pay.")),
    section("open-h", "Open statements", open, "No open statements."),
    section("past-h", `Past statements (last ${PAST_MONTHS} months)`, past, "No past statements."),
    h("section", { class: "panel", "aria-labelledby": "payments-h" }, h("h2", { id: "payments-h" }, "Payments and receipts"),
      payments.items.length ? h("ul", { class: "list" }, payments.items.map(paymentRow))
        : h("p", { class: "empty" }, "No payments yet.")),
  ];
}

function section(id, title, statements, empty) {
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, title),
    statements.length ? h("ul", { class: "list" }, statements.map(row)) : h("p", { class: "empty" }, empty));
}

function row(s) {
  return h("li", {},
    h("div", { class: "row" }, h("a", { href: `#/billing/${s.statement_id}`, class: "strong-link" },
      `Statement ${s.number}`), statusBadge(s.status)),
    h("p", { class: "small muted" }, `${formatDay(s.statement_date)} · total ${money(s.total_cents)}`,
      s.balance_cents > 0 ? ` · ${money(s.balance_cents)} due ${formatDay(s.due_date)}` : ""));
}

function paymentRow(p) {
  const amount = money(Math.abs(p.amount_cents));
  return h("li", {},
    h("div", { class: "row" }, h("strong", {}, `${ENTRY_WORDS[p.kind] || p.kind} ${amount}`),
      p.receipt_number ? h("span", { class: "badge ok" }, `Receipt ${p.receipt_number}`) : null),
    h("p", { class: "small muted" }, formatTime(p.recorded_at),
      p.method ? ` · by ${METHOD_WORDS[p.method] || p.method}` : "",
      " · ", h("a", { href: `#/billing/${p.statement_id}` }, "See the statement")));
}
