// Staff (clinicians): my visit-summary templates: add, edit, delete. Each clinician
// sees only their own; the summary editor offers them to start a summary from.
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";

const PARTS = [["reason", "Reason for the visit"], ["assessment", "Assessment"],
  ["instructions", "Instructions for the patient"], ["follow_up", "Follow-up"]];

export async function render() {
  const status = notice();
  const list = h("ul", { class: "list" });
  const draw = async (message = "") => {
    const { items } = await api.get("/me/summary-templates");
    list.replaceChildren(...(items.length ? items.map(item) : [h("li", { class: "empty" }, "No templates yet.")]));
    if (message) showNotice(status, message);
  };
  const item = (t) => h("li", {},
    h("div", { class: "row" }, h("strong", {}, t.name), h("span", { class: "small muted" }, `changed ${formatTime(t.updated_at)}`)),
    PARTS.filter(([name]) => t[name]).map(([name, label]) => h("p", { class: "small" }, `${label}: ${t[name]}`)),
    h("div", { class: "actions" },
      inlineForm(`Edit ${t.name}`, templateForm(t, async (body) => {
        await api.patch(`/me/summary-templates/${t.template_id}`, body);
        await draw(`Template “${body.name || t.name}” saved.`);
      })),
      h("button", { type: "button", class: "small", onclick: async (e) => {
        e.currentTarget.disabled = true;
        await api.delete(`/me/summary-templates/${t.template_id}`);
        await draw(`Template “${t.name}” deleted.`);
      } }, `Delete ${t.name}`)));
  await draw();
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "My summary templates"),
      h("p", {}, "Text you start a visit summary from. Only you see and use your templates."))),
    status,
    h("section", { class: "panel", "aria-label": "My templates" }, list),
    h("section", { class: "panel", "aria-labelledby": "new-template-h" },
      h("h2", { id: "new-template-h" }, "Add a template"),
      templateForm(null, async (body, form) => {
        await api.post("/me/summary-templates", body);
        form.reset();
        await draw(`Template “${body.name}” added.`);
      })),
  ];
}

function templateForm(t, save) {
  const form = h("form", { "aria-label": t ? `Edit the template ${t.name}` : "Add a template" },
    field("Template name", "name", { value: t ? t.name : "" }),
    PARTS.map(([name, label]) => field(`${label} (optional)`, name, { type: "textarea", rows: 2, value: t ? t[name] || "" : "" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t ? "Save template" : "Add template")));
  onSubmit(form, async (data) => {
    const body = {};
    for (const name of ["name", ...PARTS.map(([n]) => n)]) {
      if (t ? (t[name] || "") !== data[name] : data[name]) body[name] = data[name];
    }
    await save(body, form);
  });
  return form;
}
