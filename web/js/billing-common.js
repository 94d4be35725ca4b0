// Money and statements, shared by the patient's Billing pages, guest pay and the billing console.
import { h } from "./dom.js";

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 7500 -> "$75.00" (amounts travel as integer cents). */
export function money(cents) {
  return USD.format((cents || 0) / 100);
}

/** "75", "75.5", "$1,075.50" -> cents, or null when it is not an amount. */
export function toCents(text) {
  const cleaned = String(text || "").replace(/[$,\s]/g, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

export const STATUS = { paid: ["ok", "Paid"], open: ["warn", "Open"], overdue: ["bad", "Overdue"] };

export function statusBadge(status) {
  const [kind, words] = STATUS[status] || ["", status];
  return h("span", { class: `badge ${kind}` }, words);
}

export const ENTRY_WORDS = { charge: "Statement issued", adjustment: "Statement corrected", payment: "Payment",
  refund: "Refund", refund_failed: "Refund did not go through", dispute: "Payment disputed",
  dispute_won: "Dispute closed in the practice's favour" };

export const METHOD_WORDS = { card: "card", us_bank_account: "bank account" };

/** One key per payment form: a retry or a double click opens the same payment page. */
export function idempotencyKey() {
  return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9-]/g, "");
}

/** Full balance or another amount, then on to the provider's hosted page (the portal never sees card data). */
export function payChoice(balance, idPrefix) {
  const full = `${idPrefix}-full`;
  const part = `${idPrefix}-part`;
  const amountId = `${idPrefix}-amount`;
  const amount = h("input", { id: amountId, name: "amount", inputmode: "decimal", autocomplete: "off",
    "aria-describedby": `${amountId}-hint ${amountId}-error` });
  return h("fieldset", { class: "choice-list", dataset: { field: "amount_cents" } },
    h("legend", {}, "How much do you want to pay?"),
    h("div", { class: "field check" }, h("input", { type: "radio", id: full, name: "how", value: "full", checked: true }),
      h("label", { for: full }, `The balance, ${money(balance)}`)),
    h("div", { class: "field check" }, h("input", { type: "radio", id: part, name: "how", value: "part" }),
      h("label", { for: part }, "Another amount")),
    h("div", { class: "field", dataset: { field: "amount" } }, h("label", { for: amountId }, "Amount in dollars (optional)"),
      h("p", { class: "hint", id: `${amountId}-hint` }, `At least $0.50 and at most ${money(balance)}.`), amount,
      h("p", { class: "error", id: `${amountId}-error`, hidden: true })));
}

/** The amount to send (null = the whole balance), or an error at the amount field. */
export function chosenAmount(form) {
  const how = form.querySelector("input[name=how]:checked");
  if (!how || how.value === "full") return null;
  const cents = toCents(form.querySelector("input[name=amount]").value);
  if (cents === null) throw Object.assign(new Error("Enter an amount like 25.00."), { field: "amount" });
  return cents;
}
