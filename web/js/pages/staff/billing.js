// Billing console: import statements (check first: a report of every bad row), unpaid
// statements by age, search by number or MRN with each statement's payments and refunds,
// and the reconciliation file for the billing system.
import { api, request } from "../../api.js";
import { formatDay, formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { ENTRY_WORDS, money, statusBadge } from "../../billing-common.js";
import * as tokens from "../../tokens.js";

export async function render({ query, go }) {
  const number = query.get("number") || "";
  const mrn = query.get("mrn") || "";
  const list = await api.get("/statements", { number, mrn, limit: 100 });
  const detail = h("div", { "aria-live": "polite" });
  const title = number ? `Statement ${number}` : mrn ? `Statements of MRN ${mrn}` : "Unpaid statements, oldest first";
  const search = h("form", { role: "search", "aria-label": "Find statements" },
    h("div", { class: "row" }, field("Statement number", "number", { value: number }),
      field("or patient MRN", "mrn", { value: mrn, inputmode: "numeric" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Find"),
      number || mrn ? h("a", { href: "#/staff/billing", class: "button" }, "Show unpaid") : null));
  onSubmit(search, async (data) => {
    const params = new URLSearchParams(Object.entries(data).filter(([, v]) => v));
    go(`/staff/billing${[...params].length ? `?${params}` : ""}`);
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Billing"),
      h("p", {}, "Statements from the billing system, what patients paid online, and the file to send back."))),
    h("section", { class: "panel", "aria-labelledby": "find-h" }, h("h2", { id: "find-h" }, "Find statements"), search),
    h("section", { class: "panel", "aria-labelledby": "list-h" }, h("h2", { id: "list-h" }, title),
      list.items.length ? table(list.items, detail) : h("p", { class: "empty" }, "No statements found.")),
    detail,
    importSection(),
    exportSection(),
  ];
}

function table(items, detail) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Statements, scrolls sideways" },
    h("table", {},
    h("thead", {}, h("tr", {}, ["Statement", "MRN", "Date", "Age", "Balance", "Status"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, items.map((s) => h("tr", {},
      h("th", { scope: "row" }, h("button", { type: "button", class: "link-button",
        onclick: () => showStatement(s, detail) }, s.number)),
      h("td", {}, s.mrn), h("td", {}, formatDay(s.statement_date)), h("td", {}, `${s.age_bucket} days`),
      h("td", {}, money(s.balance_cents)), h("td", {}, statusBadge(s.status)))))));
}

async function showStatement(s, detail) {
  const full = await api.get(`/patients/${s.patient_id}/statements/${s.statement_id}`);
  detail.replaceChildren(h("section", { class: "panel", "aria-labelledby": "detail-h" },
    h("h2", { id: "detail-h", tabindex: "-1" }, `Statement ${full.number}, version ${full.version}`),
    h("p", {}, `Guest pay code ${full.guest_code} · total ${money(full.total_cents)} · balance ${money(full.balance_cents)}`),
    h("ul", { class: "list" }, full.entries.map((e) => h("li", {}, h("div", { class: "row" },
      h("strong", {}, ENTRY_WORDS[e.kind] || e.kind), h("span", {}, money(e.amount_cents)),
      e.receipt_number ? h("span", { class: "badge ok" }, e.receipt_number) : null),
      h("p", { class: "small muted" }, formatTime(e.recorded_at), e.channel ? ` · ${e.channel}` : ""))))));
  detail.querySelector("h2").focus();
}

function importSection() {
  const report = h("div", { "aria-live": "polite" });
  const form = h("form", { "aria-labelledby": "import-h" },
    h("h2", { id: "import-h" }, "Import statements"),
    h("p", { class: "small muted" }, "The CSV export of the billing system (columns in docs/billing.md). "
      + "Check it first: every bad row is listed and nothing is written until the whole file is good."),
    field("CSV file", "file", { type: "file", accept: ".csv,text/csv" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", value: "check" }, "Check the file"),
      h("button", { type: "submit", value: "import" }, "Import")));
  onSubmit(form, async (_data, submitter) => {
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) throw Object.assign(new Error("Choose the CSV file to import."), { field: "file" });
    const dryRun = !submitter || submitter.value !== "import";
    const result = await api.post("/statements/import", { csv: await file.text(), dry_run: dryRun });
    report.replaceChildren(importReport(result));
  });
  return h("section", { class: "panel" }, form, report);
}

function importReport(result) {
  if (result.errors.length) {
    return h("div", { class: "notice notice-error", role: "alert" },
      h("p", {}, `${result.errors.length} row(s) need fixing. Nothing was imported.`),
      h("ul", {}, result.errors.map((e) => h("li", {}, `Row ${e.row}: ${e.message}`))));
  }
  const c = result.counts;
  const what = result.dry_run ? "The file is good. Importing it would make" : "Imported:";
  return h("div", { class: "notice notice-ok", role: "status" },
    h("p", {}, `${what} ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged statement(s).`),
    h("ul", {}, result.statements.map((s) => h("li", {}, `${s.number}: ${s.outcome}, ${money(s.total_cents)}`))));
}

function exportSection() {
  const status = notice();
  const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  const form = h("form", { "aria-labelledby": "export-h" },
    h("h2", { id: "export-h" }, "Reconciliation file"),
    h("p", { class: "small muted" }, "Payments, refunds and disputes since a date, with the payment provider's ids, "
      + "for the billing system."),
    field("Since", "since", { type: "date", value: monthAgo }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Download CSV")));
  onSubmit(form, async (data) => {
    const res = await fetch(`/api/payments/export?since=${encodeURIComponent(data.since)}`, {
      cache: "no-store", credentials: "omit", headers: { Authorization: `Bearer ${await tokens.accessToken()}` } });
    if (!res.ok) {
      await request("GET", "/payments/export", { query: { since: data.since } }); // the API's own message
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `payments-since-${data.since}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showNotice(status, "The reconciliation file was downloaded.");
  });
  return h("section", { class: "panel" }, status, form);
}
