// Chart: the health summary for clinicians: add, change and retire entries
// (every change is kept in the entry's history by the API).
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { collect, entryFields, inlineForm, statusSelect } from "../../health-form.js";
import { describe, KINDS, STATUS_WORDS } from "../../health-kinds.js";

export function healthSection(patientId) {
  const base = `/patients/${patientId}/health`;
  const status = notice();
  const body = h("div", {}, h("p", { class: "loading" }, "Loading the health summary…"));
  const section = h("section", { class: "panel", id: "chart-health", "aria-labelledby": "chart-health-h" },
    h("h2", { id: "chart-health-h" }, "Health summary"), status, body);

  const draw = async (message = "") => {
    const { items } = await api.get(base);
    body.replaceChildren(...KINDS.map((kind) => kindBlock(kind, items.filter((e) => e.kind === kind.name))));
    if (message) showNotice(status, message);
  };

  const kindBlock = (kind, entries) => h("div", { class: "chart-kind" },
    h("h3", {}, kind.title),
    entries.length ? h("ul", { class: "list" }, entries.map((e) => h("li", {},
      h("div", { class: "row" }, h("strong", {}, e.title), h("span", { class: "badge" }, STATUS_WORDS[e.status] || e.status)),
      describe(kind, e.fields) ? h("p", { class: "small" }, describe(kind, e.fields)) : null,
      e.reported_by_name ? h("p", { class: "small muted" }, `Reported by ${e.reported_by_name}`) : null,
      inlineForm(`Edit ${e.title}`, editForm(kind, e)),
      inlineForm(`Retire ${e.title}`, retireForm(kind, e)))))
      : h("p", { class: "empty" }, "None recorded."),
    inlineForm(`Add ${kind.label}`, addForm(kind)));

  const addForm = (kind) => {
    const form = h("form", { "aria-label": `Add ${kind.label}` }, entryFields(kind), statusSelect(kind),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add")));
    onSubmit(form, async (data) => {
      const created = await api.post(`${base}/${kind.name}`, { ...collect(kind, data), status: data.status });
      await draw(`${created.title} was added.`);
    });
    return form;
  };

  const editForm = (kind, entry) => {
    const form = h("form", { "aria-label": `Edit ${entry.title}` }, entryFields(kind, entry.fields), statusSelect(kind, entry.status),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save changes")));
    onSubmit(form, async (data) => {
      const changes = collect(kind, data, entry.fields);
      if (data.status !== entry.status) changes.status = data.status;
      const saved = await api.patch(`${base}/${kind.name}/${entry.entry_id}`, changes);
      await draw(`${saved.title} was saved.`);
    });
    return form;
  };

  const retireForm = (kind, entry) => {
    const form = h("form", { "aria-label": `Retire ${entry.title}` },
      field("Reason", "reason", { hint: "For example: resolved, entered in error, stopped by the patient." }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "danger" }, "Retire")));
    onSubmit(form, async (data) => {
      await api.post(`${base}/${kind.name}/${entry.entry_id}/retire`, { reason: data.reason });
      await draw(`${entry.title} was retired; it stays in the history.`);
    });
    return form;
  };

  draw().catch((error) => body.replaceChildren(h("p", { class: "notice notice-error", role: "alert" }, error.message)));
  return section;
}
