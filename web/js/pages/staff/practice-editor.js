// Admin: the practice's name, contact details, address and opening hours, and the young
// patients' rules (minimum age for an account, parents' access from 12: docs/security.md).
import { api } from "../../api.js";
import { formatPhone, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice, phoneValue } from "../../forms.js";
import * as session from "../../session.js";
import { SECTIONS, sectionEditor } from "./practice-sections.js";

const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"],
  ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];

// What a parent's or guardian's grant gives while the patient is 12 to 17 (docs/security.md).
const TEEN_ACCESS = [
  ["limited", "Limited: appointments, demographics, messages about appointments or billing (recommended)"],
  ["full", "Full: everything, as for a younger child"]];

function hoursFieldset(hours) {
  const byDay = Object.fromEntries((hours || []).map((s) => [s.day, s]));
  return h("fieldset", {}, h("legend", {}, "Opening hours"),
    h("p", { class: "hint" }, "Leave both times empty on days the practice is closed."),
    h("div", { class: "table-wrap" }, h("table", { class: "hours-edit" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Day"), h("th", { scope: "col" }, "Opens"),
        h("th", { scope: "col" }, "Closes"))),
      h("tbody", {}, DAYS.map(([day, label]) => h("tr", { dataset: { field: `hours.${day}` } },
        h("th", { scope: "row" }, label),
        h("td", {}, h("input", { type: "time", name: `open.${day}`, value: byDay[day]?.open || "",
          "aria-label": `${label} opens` })),
        h("td", {}, h("input", { type: "time", name: `close.${day}`, value: byDay[day]?.close || "",
          "aria-label": `${label} closes` }),
          h("p", { class: "error", hidden: true }))))))));
}

function tabs(current) {
  const all = [["settings", "Name, contact and hours"], ...Object.entries(SECTIONS).map(([k, v]) => [k, v.title])];
  return h("nav", { class: "tabs", "aria-label": "Parts of the practice information" }, h("ul", {}, all.map(([key, label]) =>
    h("li", {}, h("a", { href: `#/staff/practice?section=${key}`, "aria-current": key === current ? "page" : null }, label)))));
}

export async function render({ query }) {
  const current = SECTIONS[query.get("section")] ? query.get("section") : "settings";
  const head = h("div", { class: "page-head" }, h("div", {}, h("h1", { id: "practice-h" }, "Practice information"),
    h("p", {}, "What patients see on the Practice page, on their home page and in every email footer.")));
  if (current !== "settings") return [head, tabs(current), await sectionEditor(current)];
  const p = await session.practiceInfo({ fresh: true });
  const a = p.address || {};
  const status = notice();
  const form = h("form", { "aria-labelledby": "practice-h" },
    status,
    field("Practice name", "name", { value: p.name, required: true }),
    h("div", { class: "grid-2" },
      field("Phone", "phone", { type: "tel", value: formatPhone(p.phone) }),
      field("Email for patients", "email", { type: "email", value: p.email }),
      field("Time zone", "timezone", { value: p.timezone, options: zoneOptions(p.timezone),
        hint: "Every date and time the portal shows is in this zone." })),
    h("fieldset", {}, h("legend", {}, "Address"),
      field("Street address", "address.line1", { value: a.line1 || "" }),
      field("Suite, floor", "address.line2", { value: a.line2 || "" }),
      h("div", { class: "grid-2" },
        field("City", "address.city", { value: a.city || "" }),
        field("State", "address.state", { value: a.state || "" }),
        field("ZIP code", "address.postal_code", { value: a.postal_code || "" }))),
    hoursFieldset(p.hours),
    field("Statement reminders (optional)", "statement_reminder_days",
      { value: (p.statement_reminder_days || []).join(", "), inputmode: "numeric",
        hint: "Days after the statement date to remind patients of an unpaid statement, like 14, 30, 60. "
          + "Leave empty for no reminders." }),
    h("fieldset", { class: "young-patients" }, h("legend", {}, "Young patients"),
      field("Minimum age for a portal account", "min_account_age", {
        type: "number", value: String(p.min_account_age ?? 13), min: 12, max: 18, step: 1, inputmode: "numeric",
        required: true, hint: "12 to 18. Younger patients are not invited; a parent or guardian gets proxy access "
          + "instead." }),
      field("Parents' and guardians' access for patients aged 12 to 17", "teen_proxy_access", {
        value: p.teen_proxy_access || "limited", options: TEEN_ACCESS,
        hint: "Under 12 a parent's or guardian's proxy access is as granted; from the 18th birthday it ends and the "
          + "young adult is invited to their own account." })),
    field("Where to get help now (optional)", "crisis_message", { type: "textarea", rows: 3, value: p.crisis_message || "",
      hint: "Shown to a patient right after a questionnaire answer reports thoughts of self-harm. Leave empty for: "
        + "“If you are thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) or call 911 now. "
        + "Your care team will see your answers, but they may not read them right away.”" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save practice information")));
  onSubmit(form, async (data) => {
    const hours = [];
    for (const [day, label] of DAYS) {
      const open = data[`open.${day}`];
      const close = data[`close.${day}`];
      if (!open && !close) continue;
      if (!open || !close || open >= close) {
        throw Object.assign(new Error(`${label}: give an opening time before the closing time.`), { field: `hours.${day}` });
      }
      hours.push({ day, open, close });
    }
    const days = data.statement_reminder_days.split(/[\s,]+/).filter(Boolean);
    if (days.some((d) => !/^\d{1,3}$/.test(d))) {
      throw Object.assign(new Error("Write whole days separated by commas, like 14, 30, 60."),
        { field: "statement_reminder_days" });
    }
    if (!/^\d{1,2}$/.test(data.min_account_age) || +data.min_account_age < 12 || +data.min_account_age > 18) {
      throw Object.assign(new Error("The minimum age for a portal account is a whole number of years from 12 to 18."),
        { field: "min_account_age" });
    }
    const body = { name: data.name, timezone: data.timezone, hours,
      statement_reminder_days: [...new Set(days.map(Number))], teen_proxy_access: data.teen_proxy_access,
      min_account_age: Number(data.min_account_age), crisis_message: (data.crisis_message || "").trim() };
    if (data.phone) body.phone = phoneValue(data.phone);
    if (data.email) body.email = data.email;
    if (data["address.line1"]) {
      body.address = { line1: data["address.line1"], line2: data["address.line2"], city: data["address.city"],
        state: data["address.state"], postal_code: data["address.postal_code"], country: a.country || "US" };
    }
    const saved = await api.patch("/practice", body);
    session.setPracticeInfo(saved);
    const brand = document.querySelector(".brand-name");
    if (brand) brand.textContent = saved.name;
    showNotice(status, "Practice information saved. Patients see it now.");
    status.focus();
  });
  return [head, tabs(current),
    h("section", { class: "panel", "aria-labelledby": "settings-h" }, h("h2", { id: "settings-h" }, "Name, contact and hours"), form)];
}

// Chosen from the IANA zones the browser knows (a typed "Central" or "CST" is not a zone);
// the United States' zones first, in words.
const US_ZONES = [["America/New_York", "Eastern"], ["America/Chicago", "Central"], ["America/Denver", "Mountain"],
  ["America/Phoenix", "Mountain, no daylight saving (Arizona)"], ["America/Los_Angeles", "Pacific"],
  ["America/Anchorage", "Alaska"], ["Pacific/Honolulu", "Hawaii"], ["America/Puerto_Rico", "Atlantic (Puerto Rico)"]];

function zoneOptions(current) {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const first = new Set(US_ZONES.map(([zone]) => zone));
  const rest = [...new Set([...all, current].filter((z) => z && !first.has(z)))].sort();
  return [...US_ZONES.map(([zone, words]) => [zone, `${words} time (${zone})`]), ...rest.map((zone) => [zone, zone])];
}
