// Chart: test results. Clinicians read every report (held ones too), a provider holds
// one with a reason or lifts the hold, and clinicians enter point-of-care results.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";
import * as session from "../../session.js";

export function resultsSection(patientId) {
  const base = `/patients/${patientId}/results`;
  const status = notice();
  const list = h("ul", { class: "list" });
  const pocHolder = h("div", {});
  const section = h("section", { class: "panel", id: "chart-results", "aria-labelledby": "chart-results-h" },
    h("h2", { id: "chart-results-h" }, "Test results"), status, list, pocHolder);
  const fail = (error) => { status.className = "notice notice-error"; showNotice(status, error.message); };

  const draw = async (message = "") => {
    const { items } = await api.get(base, { limit: 25 });
    list.replaceChildren(...(items.length ? items.map(item) : [h("li", { class: "empty" }, "No results yet.")]));
    if (message) { status.className = "notice notice-ok"; showNotice(status, message); }
  };

  const item = (r) => {
    const held = r.release === "held";
    const holdForm = h("form", { "aria-label": `Hold ${r.lab_name}` },
      field("Reason (kept in the holds report)", "reason", { type: "textarea", rows: 2 }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Hold from the patient")));
    onSubmit(holdForm, async (data) => {
      await api.post(`${base}/${r.report_id}/hold`, { reason: data.reason });
      await draw("Held. The patient sees the result as pending.");
    });
    return h("li", {},
      h("div", { class: "row" }, h("strong", {}, `${r.lab_name} · ${r.collected || ""}`),
        held ? h("span", { class: "badge warn" }, "Held") : null,
        r.release === "awaiting-review" ? h("span", { class: "badge warn" }, "Waiting for review (patient's choice)") : null,
        r.reviewed ? h("span", { class: "badge ok" }, `Reviewed${r.reviewed_by_name ? ` by ${r.reviewed_by_name}` : ""}`) : null),
      held ? h("p", { class: "small" }, `Held by ${r.held_by_name}: ${r.hold_reason}`) : null,
      session.hasRole("provider") ? (held
        ? h("button", { type: "button", class: "small", onclick: async () => {
          try { await api.post(`${base}/${r.report_id}/release`, {}); await draw("Released; the patient was told."); } catch (e) { fail(e); }
        } }, "Release to the patient")
        : inlineForm("Hold this result", holdForm)) : null);
  };

  api.get("/results/point-of-care-tests").then(({ tests }) => pocHolder.append(inlineForm("Enter a point-of-care result",
    pocForm(tests, base, draw)))).catch(fail);
  draw().catch(fail);
  return section;
}

function pocForm(tests, base, draw) {
  const valuesBox = h("div", {});
  const pick = field("Test", "test", { options: tests.map((t) => [t.key, t.name]) });
  const form = h("form", { "aria-label": "Point-of-care result" }, pick, valuesBox,
    field("Note (optional)", "note", { type: "textarea", rows: 2 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save result")));
  const showValues = () => {
    const test = tests.find((t) => t.key === form.elements.test.value);
    valuesBox.replaceChildren(...test.analytes.map((a) => a.choices
      ? field(a.name, `values.${a.code}`, { options: a.choices.map((c) => [c, c]) })
      : field(`${a.name} (${a.units}; normal ${a.range})`, `values.${a.code}`, { inputmode: "decimal" })));
  };
  form.elements.test.addEventListener("change", showValues);
  showValues();
  onSubmit(form, async (data) => {
    const values = Object.fromEntries(Object.entries(data).filter(([k]) => k.startsWith("values."))
      .map(([k, v]) => [k.slice(7), v]));
    await api.post(base, { test: data.test, values, ...(data.note ? { note: data.note } : {}) });
    form.reset();
    showValues();
    await draw("Saved. The patient can see the result.");
  });
  return form;
}
