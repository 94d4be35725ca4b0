// Admin: the practice's consent forms and questionnaires (issue 17, docs/checkin.md).
// Every change publishes a new version (what patients signed or answered stays as it
// was); a consent's new version is signed again at the next check-in; a questionnaire is
// asked at check-in for the visit types ticked; "in use" off retires it.
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { checkbox, field, FieldError, flash, notice, onSubmit, takeFlash } from "../../forms.js";
import { inlineForm } from "../../health-form.js";

export async function render({ go, path }) {
  const [forms, types] = await Promise.all([api.get("/forms"), api.get("/visit-types")]);
  const status = takeFlash(notice());
  const done = async (message) => { flash(message); await go(path); };
  const typeNames = Object.fromEntries(types.items.map((t) => [t.visit_type_id, t.name]));
  const meta = (f) => `Version ${f.version} · ${f.status === "active" ? "in use" : "retired"} · published ${formatTime(f.published_at)} by ${f.published_by_name}`;

  const consentForm = (c = null) => {
    const form = h("form", { "aria-label": c ? `New version of ${c.title}` : "Add a consent form" },
      field("Title", "title", { value: c ? c.title : "", maxlength: 120 }),
      field("Text patients read and sign", "text", { type: "textarea", rows: 8, value: c ? c.text : "" }),
      checkbox("In use: patients sign it at check-in", "active", { checked: c ? c.status === "active" : true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, c ? "Publish new version" : "Add consent form")));
    onSubmit(form, async (data) => {
      const made = await api.post("/forms/consents", { title: data.title, text: data.text, active: data.active,
        ...(c ? { form_id: c.form_id } : {}) });
      await done(`${made.title}: version ${made.version} published.`);
    });
    return form;
  };

  const typeBoxes = (chosen) => h("fieldset", { dataset: { field: "visit_type_ids" } },
    h("legend", {}, "Ask at check-in for"),
    types.items.map((t) => checkbox(t.name, `visit.${t.visit_type_id}`, { checked: chosen.includes(t.visit_type_id) })),
    h("p", { class: "error", hidden: true }));
  const chosenTypes = (data) => types.items.filter((t) => data[`visit.${t.visit_type_id}`]).map((t) => t.visit_type_id);

  const questionnaireForm = (q = null) => {
    const form = h("form", { "aria-label": q ? `Change ${q.title}` : "Add a questionnaire" },
      q ? null : field("FHIR Questionnaire (JSON)", "questionnaire", { type: "textarea", rows: 10,
        hint: "Items of type string, text, boolean, choice, integer, decimal, date or display; enableWhen on earlier items." }),
      typeBoxes(q ? q.visit_type_ids : []),
      q ? checkbox("In use", "active", { checked: q.status === "active" }) : null,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, q ? "Publish new version" : "Add questionnaire")));
    onSubmit(form, async (data) => {
      let definition = q ? q.questionnaire : null;
      if (!q) {
        try {
          definition = JSON.parse(data.questionnaire || "");
        } catch {
          throw new FieldError("questionnaire", "Paste a FHIR Questionnaire as JSON.");
        }
      }
      const made = await api.post("/forms/questionnaires", { questionnaire: definition, visit_type_ids: chosenTypes(data),
        ...(q ? { form_id: q.form_id, active: data.active } : {}) });
      await done(`${made.title}: version ${made.version} published.`);
    });
    return form;
  };

  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Forms and consents"),
      h("p", {}, "What patients sign and answer when they check in online. Each change is a new version."))),
    status,
    h("section", { class: "panel", "aria-labelledby": "consents-h" }, h("h2", { id: "consents-h" }, "Consent forms"),
      h("ul", { class: "list" }, forms.consent.map((c) => h("li", {}, h("strong", {}, c.title),
        h("p", { class: "small muted" }, meta(c)), inlineForm(`Edit ${c.title}`, consentForm(c))))),
      inlineForm("Add a consent form", consentForm())),
    h("section", { class: "panel", "aria-labelledby": "questionnaires-h" }, h("h2", { id: "questionnaires-h" }, "Questionnaires"),
      h("ul", { class: "list" }, forms.questionnaire.map((q) => h("li", {}, h("strong", {}, q.title),
        q.scored ? [" ", h("span", { class: "badge" }, `Scored: ${q.scored}`)] : null,
        h("p", { class: "small muted" }, meta(q)),
        h("p", { class: "small" }, q.visit_type_ids.length
          ? `Asked at check-in for: ${q.visit_type_ids.map((id) => typeNames[id] || "a retired visit type").join(", ")}`
          : "Not asked at check-in (clinicians can send it)."),
        inlineForm(`Change ${q.title}`, questionnaireForm(q))))),
      inlineForm("Add a questionnaire", questionnaireForm())),
  ];
}
