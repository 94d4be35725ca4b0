// Form building blocks: labelled fields with a hint and an error slot tied to
// the control (aria-describedby), and submit handling that shows the API's
// error message next to the field it names.
import { h, nextId, toE164 } from "./dom.js";

/**
 * A labelled control. `name` is the API's field path ("email", "address.city"),
 * which is how an API error finds its field.
 */
export function field(label, name, { type = "text", value = "", hint = "", required = false,
  options = null, autocomplete = null, inputmode = null, rows = 4, maxlength = null, alias = null, ...rest } = {}) {
  const id = nextId(name.replace(/\W/g, "-"));
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control;
  const common = {
    id, name, required, autocomplete, inputmode, maxlength,
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" "), ...rest,
  };
  if (options) {
    control = h("select", common, options.map(([v, text]) =>
      h("option", { value: v, selected: String(v) === String(value) }, text)));
  } else if (type === "textarea") {
    control = h("textarea", { ...common, rows }, value || "");
  } else {
    control = h("input", { ...common, type, value: value ?? "" });
  }
  return h("div", { class: "field", dataset: alias ? { field: name, alias } : { field: name } },
    // Required fields are the rule; optional ones say "(optional)" in their label.
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    h("p", { class: "error", id: errorId, hidden: true }));
}

export function checkbox(label, name, { checked = false, hint = "" } = {}) {
  const id = nextId(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  return h("div", { class: "field check", dataset: { field: name } },
    h("input", { type: "checkbox", id, name, checked, "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") }),
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "error", id: errorId, hidden: true }));
}

/** A status line that screen readers announce (role=status) or an alert for errors. */
export function notice(kind = "status") {
  return h("div", { class: `notice ${kind === "alert" ? "notice-error" : "notice-ok"}`,
    role: kind, hidden: true, tabindex: "-1" });
}

export function showNotice(el, message) {
  el.textContent = message;
  el.hidden = !message;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll(".error")) {
    el.textContent = "";
    el.hidden = true;
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const top = form.querySelector(":scope > .form-error");
  if (top) showNotice(top, "");
}

/** Show every problem the error carries, each next to its field; focus the first. */
export function showErrors(form, error) {
  const all = error.errors && error.errors.length ? error.errors : [error];
  // The same slot may be named twice (two problems of one address): keep the first.
  const shown = new Set();
  all.forEach((one, i) => {
    const slot = showError(form, one, { focus: i === 0, keep: shown });
    if (slot) shown.add(slot);
  });
}

/** Show an error next to the field it names; if no such field, at the top of the form. */
export function showError(form, error, { focus = true, keep = new Set() } = {}) {
  const name = error.field;
  // "weekly.mon.0.end" is shown at the nearest control that names it or a prefix of it.
  let wrapper = null;
  const parts = name ? name.split(".") : [];
  for (let n = parts.length; n > 0 && !wrapper; n -= 1) {
    const path = CSS.escape(parts.slice(0, n).join("."));
    wrapper = form.querySelector(`[data-field="${path}"]`) || form.querySelector(`[data-alias~="${path}"]`);
  }
  if (wrapper) {
    const slot = wrapper.querySelector(".error");
    if (keep.has(slot)) return slot;
    slot.textContent = error.message;
    slot.hidden = false;
    const control = wrapper.querySelector("input, select, textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      if (focus) control.focus();
    }
    return slot;
  }
  let top = form.querySelector(":scope > .form-error");
  if (!top) {
    top = h("div", { class: "notice notice-error form-error", role: "alert", tabindex: "-1" });
    form.prepend(top);
  }
  if (keep.has(top)) {
    top.textContent += ` ${error.message}`;
    return top;
  }
  showNotice(top, error.message);
  if (focus) top.focus();
  return top;
}

/**
 * Wire a form: on submit, clear old errors, disable the submit button, run
 * `action(values)`, and map an API error to its field. Returns the form.
 */
export function onSubmit(form, action) {
  form.noValidate = true; // the API's messages (with the field named) are the ones shown
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.dataset.busy) return; // a double click never sends twice
    clearErrors(form);
    const buttons = form.querySelectorAll("button[type=submit]");
    form.dataset.busy = "1";
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await action(values(form), event.submitter);
    } catch (error) {
      if (error && error.message) showErrors(form, error);
      else throw error;
    } finally {
      delete form.dataset.busy;
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

/** The form's controls as {name: value}; checkboxes as booleans; blank text as "". */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.tagName === "BUTTON") continue;
    out[el.name] = el.type === "checkbox" ? el.checked : el.value.trim();
  }
  return out;
}

/** A local check before sending (same look as an API error). */
export class FieldError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

export function requireValue(data, name, message) {
  if (!data[name]) throw new FieldError(name, message);
}

// A message that survives one re-render of the page (kept in memory only).
let pendingFlash = "";
export function flash(message) {
  pendingFlash = message;
}
export function takeFlash(statusEl) {
  if (pendingFlash) showNotice(statusEl, pendingFlash);
  pendingFlash = "";
  return statusEl;
}

/** A phone number the API will take (E.164), or a clear message at the field. */
export function phoneValue(raw, name = "phone") {
  const value = toE164(raw);
  if (value && !/^\+[1-9]\d{7,14}$/.test(value)) {
    throw new FieldError(name, "Enter a phone number with its area code, for example (312) 555-0101.");
  }
  return value;
}
