// One conversation (staff): messages and internal notes, reply with quick replies (a click,
// or Alt+1…9 in the text box), note, assign, close with or without a final reply.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field, notice, onSubmit, requireValue, showNotice } from "../../forms.js";
import { aboutLink, messageList, practiceZone, whenWords } from "../../messages-common.js";
import * as session from "../../session.js";

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (values[name] !== undefined ? values[name] : whole));
}

export async function render({ params, go }) {
  const path = `/patients/${params.pid}/messages/${params.tid}`;
  const [t, quick, zone] = await Promise.all([api.get(path), api.get("/quick-replies"), practiceZone()]);
  const again = () => go(`/staff/inbox/${params.pid}/${params.tid}`);
  const status = notice();
  const key = crypto.randomUUID(); // one answer per page, however often a button is pressed
  const values = { ...quick.values, first_name: t.patient.first_name };
  const form = h("form", { class: "panel", "aria-label": "Answer the patient" },
    field("Answer", "body", { type: "textarea", rows: 6, maxlength: 4000,
      hint: "The patient reads exactly this. Quick replies: click one below, or press Alt+1 to Alt+9 here." }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", value: "reply" }, "Send to patient"),
      h("button", { type: "submit", value: "close" }, "Send and close"),
      h("button", { type: "submit", value: "note" }, "Save as internal note")));
  const box = form.elements.body;
  const insert = (reply) => {
    const text = fill(reply.text, values);
    const start = box.selectionStart ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(box.selectionEnd ?? start);
    box.focus();
    showNotice(status, `Inserted “${reply.title}”. Edit it before sending if needed.`);
  };
  box.addEventListener("keydown", (event) => {
    const n = Number(event.key);
    if (event.altKey && n >= 1 && n <= 9 && quick.items[n - 1]) {
      event.preventDefault();
      insert(quick.items[n - 1]);
    }
  });
  onSubmit(form, async (data, submitter) => {
    requireValue(data, "body", "Write the answer first.");
    const how = submitter ? submitter.value : "reply";
    if (how === "close") await api.post(`${path}/close`, { body: data.body });
    else await api.post(`${path}/replies`, { body: data.body, internal: how === "note" }, { headers: { "Idempotency-Key": `${key}-${how}` } });
    again();
  });
  const quickList = h("section", { class: "panel quick-replies", "aria-label": "Quick replies" },
    h("h2", {}, "Quick replies"),
    quick.items.length ? h("ul", { class: "list-plain" }, quick.items.map((reply, i) => h("li", {},
      h("button", { type: "button", class: "link-button", onclick: () => insert(reply),
        "aria-keyshortcuts": i < 9 ? `Alt+${i + 1}` : null },
      `${i < 9 ? `${i + 1}. ` : ""}${reply.title}${reply.scope === "mine" ? " (mine)" : ""}`))))
      : h("p", { class: "empty" }, "No quick replies yet."));
  const act = (label, body, action) => h("button", { type: "button", class: "small", onclick: async () => {
    await api.post(`${path}/${action}`, body);
    again();
  } }, label);
  const open = t.status === "open";
  const assignForm = open ? await colleagueForm(t, path, again) : null;
  const refill = open && session.hasRole("provider", "nurse") ? await refillForm(params, path, again) : null;
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: `#/staff/inbox?pool=${t.pool}` }, `← ${t.pool_name} inbox`)),
      h("h1", {}, t.subject),
      h("p", {}, h("a", { href: `#/staff/patients/${params.pid}` }, t.patient.name), ` · ${t.topic_label} · ${t.ref}`),
      h("p", { class: "small muted" }, t.status === "closed" ? `Closed ${whenWords(t.closed_at, zone)}`
        : t.waiting_since ? `Waiting since ${whenWords(t.waiting_since, zone)}${t.overdue ? " · overdue" : ` · answer by ${whenWords(t.due_at, zone)}`}`
          : "Answered, waiting for the patient",
      ` · ${t.assigned_name ? `assigned to ${t.assigned_name}` : "unassigned"}`)),
    h("div", { class: "actions" },
      open ? act("Assign to me", { user_id: "me" }, "assign") : null,
      open && t.assigned_to ? act("Unassign", { user_id: null }, "assign") : null,
      open ? act("Close without reply", {}, "close") : null)),
    assignForm,
    aboutLink(t.about, true),
    status,
    h("section", { class: "panel", "aria-label": "Conversation" },
      messageList(t.messages, params.pid, zone, { staffView: true })),
    open ? [form, quickList, refill] : h("p", { class: "notice notice-info" }, "This conversation is closed."),
  ];
}

/** Clinicians: turn the message into a refill request in one step (the patient is told here). */
async function refillForm(params, path, again) {
  const { items } = await api.get(`/patients/${params.pid}/health`);
  const meds = items.filter((e) => e.kind === "medications" && e.status === "active" && !e.retired && !e.refill_pending);
  if (!meds.length) return null;
  const form = h("form", { class: "panel", "aria-label": "Turn into a refill request" },
    h("h2", {}, "Turn into a refill request"),
    field("Medication", "entry_id", { options: meds.map((m) => [m.entry_id, m.title]) }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Make refill request")));
  onSubmit(form, async (data) => {
    await api.post(`${path}/convert`, { to: "refill", entry_id: data.entry_id });
    again();
  });
  return form;
}

/** Assign to a colleague who works this inbox. */
async function colleagueForm(t, path, again) {
  const { items } = await api.get("/inbox/colleagues", { pool: t.pool });
  const form = h("form", { class: "filters", "aria-label": "Assign to a colleague" },
    field("Assign to", "user_id", { options: items.map((c) => [c.user_id, c.name]), value: t.assigned_to || "" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "small" }, "Assign")));
  onSubmit(form, async (data) => {
    await api.post(`${path}/assign`, { user_id: data.user_id });
    again();
  });
  return form;
}
