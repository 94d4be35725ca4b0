// Guest pay, without signing in: the statement code and the patient's birth date from the
// paper statement, then the provider's secure payment page.
import { api } from "../api.js";
import { formatDay, h } from "../dom.js";
import { field, notice, onSubmit, showNotice } from "../forms.js";
import { chosenAmount, idempotencyKey, money, payChoice, statusBadge } from "../billing-common.js";

export async function render({ query }) {
  const status = notice();
  const result = h("div", {});
  if (query.get("paid")) showNotice(status, "Thank you. Your payment was sent to the practice.");
  else if (query.get("cancelled")) showNotice(status, "Payment cancelled. Nothing was charged.");
  const form = h("form", { "aria-labelledby": "find-h" },
    h("h2", { id: "find-h" }, "Find your statement"),
    field("Statement code", "code", { hint: "On your paper statement, like ABCDE-FGH23.", autocomplete: "off",
      maxlength: 20 }),
    field("Patient's date of birth", "birth_date", { type: "date" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Find my statement")));
  onSubmit(form, async (data) => {
    const found = await api.post("/guest-pay/lookup", data, { auth: false });
    result.replaceChildren(statementCard(found, data));
    result.querySelector("h2").focus();
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Pay a bill"),
      h("p", {}, "Pay a statement without signing in. You need the code printed on the paper statement."))),
    status,
    h("section", { class: "panel" }, form),
    result,
  ];
}

function statementCard(found, credentials) {
  const key = idempotencyKey();
  const head = h("h2", { id: "guest-statement-h", tabindex: "-1" }, `Statement ${found.statement_number}`);
  const card = h("section", { class: "panel", "aria-labelledby": "guest-statement-h" }, head,
    h("p", {}, `${formatDay(found.statement_date)} · due ${formatDay(found.due_date)} `, statusBadge(found.status)),
    h("p", { class: "lead" }, "Balance due ", h("strong", {}, money(found.balance_cents))));
  if (found.balance_cents <= 0) return card;
  const form = h("form", { "aria-label": "Pay this statement" }, payChoice(found.balance_cents, "guest"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Continue to secure payment")));
  onSubmit(form, async () => {
    const amount = chosenAmount(form);
    const opened = await api.post("/guest-pay/checkout",
      { ...credentials, ...(amount === null ? {} : { amount_cents: amount }) },
      { auth: false, headers: { "Idempotency-Key": key } });
    window.location.assign(opened.checkout_url);
  });
  card.append(form);
  return card;
}
