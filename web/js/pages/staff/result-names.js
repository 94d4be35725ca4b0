// Admin or provider: the plain-language test names patients read above the lab's own name.
// The portal starts with a built-in list; the practice's own names override it, and removing
// one goes back to the built-in name (or the lab's name when there is none).
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const table = (label, head, rows) => h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label },
  h("table", {}, h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows)));

export async function render() {
  const status = notice();
  const ours = h("div", {});
  const builtIn = h("div", {});
  const form = h("form", { "aria-labelledby": "set-name-h" },
    h("div", { class: "grid-2" },
      field("Test code", "code", { hint: "The LOINC code (like 4548-4) or the lab's own code.", required: true }),
      field("Plain-language name", "name", { hint: "What the patient reads, like \"Average blood sugar (A1c)\".",
        required: true, maxlength: 120 })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save name")));

  const draw = (data) => {
    ours.replaceChildren(data.overrides.length ? table("The practice's names", ["Code", "Name", "Built-in name",
      "Changed", "Actions"], data.overrides.map((o) => h("tr", {},
      h("th", { scope: "row" }, o.code), h("td", {}, o.name), h("td", {}, o.default || "None (the lab's name)"),
      h("td", {}, o.updated_at ? formatTime(o.updated_at) : ""),
      h("td", {}, h("button", { type: "button", class: "small", "aria-label": `Use the built-in name for ${o.code}`,
        onclick: async () => {
          draw(await api.patch("/practice/result-names", { code: o.code, name: null }));
          showNotice(status, `${o.code} uses the built-in name again.`);
        } }, "Use the built-in name"))))) : h("p", { class: "empty" }, "None yet: patients see the built-in names."));
    builtIn.replaceChildren(table("Built-in names", ["Code", "Built-in name", "Actions"], data.defaults.map((d) =>
      h("tr", {}, h("th", { scope: "row" }, d.code), h("td", {}, d.overridden ? [d.name, " (replaced)"] : d.name),
        h("td", {}, h("button", { type: "button", class: "small", "aria-label": `Change the name for ${d.code}`,
          onclick: () => {
            form.elements.code.value = d.code;
            form.elements.name.value = d.name;
            form.elements.name.focus();
          } }, "Change"))))));
  };
  onSubmit(form, async (data) => {
    draw(await api.patch("/practice/result-names", { code: data.code, name: data.name }));
    showNotice(status, `Patients now read "${data.name}" for ${data.code}.`);
    form.reset();
  });
  draw(await api.get("/practice/result-names"));
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Test names"),
      h("p", {}, "The plain-language names patients read on their test results, above the lab's own name."))),
    status,
    h("section", { class: "panel", "aria-labelledby": "set-name-h" }, h("h2", { id: "set-name-h" }, "Name a test"), form),
    h("section", { class: "panel", "aria-labelledby": "ours-h" }, h("h2", { id: "ours-h" }, "The practice's names"), ours),
    h("section", { class: "panel", "aria-labelledby": "builtin-h" }, h("h2", { id: "builtin-h" }, "Built-in names"), builtIn),
  ];
}
