// Entry fields of a health summary section, named "fields.<name>" so that an API
// error such as field "fields.medication" lands next to its control.
import { h } from "./dom.js";
import { field } from "./forms.js";
import { fieldValue } from "./health-kinds.js";

export function entryFields(kind, values = {}) {
  return Object.entries(kind.fields).map(([name, spec]) => field(
    spec.required ? spec.label : `${spec.label} (optional)`, `fields.${name}`, {
      type: spec.type === "textarea" ? "textarea" : spec.type || "text",
      value: values[name] ?? "", rows: 2, autocomplete: "off",
      options: spec.options ? [["", "—"], ...spec.options.map((o) => [o, o[0].toUpperCase() + o.slice(1)])] : null,
      inputmode: spec.type === "number" ? "numeric" : null,
    }));
}

/** The fields to send: all filled ones for a new entry; only the changed ones for a change. */
export function collect(kind, data, current = null) {
  const out = {};
  for (const [name, spec] of Object.entries(kind.fields)) {
    const raw = data[`fields.${name}`];
    if (current) {
      const before = current[name] ?? "";
      if (String(before) === raw) continue;
      out[name] = fieldValue(spec, raw, { clearing: true });
    } else {
      const value = fieldValue(spec, raw);
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}

export function statusSelect(kind, value) {
  return field("Status", "status", { value: value || kind.statuses[0],
    options: kind.statuses.map((s) => [s, s]) });
}

export const inlineForm = (label, form, { open = false } = {}) =>
  h("details", { class: "inline-form", open }, h("summary", {}, label), form);
