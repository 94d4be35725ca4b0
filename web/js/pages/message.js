// One conversation (patient side): the messages, read receipts, reply (a closed one
// reopens once within 7 days), and closing it when the question is answered.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, notice, onSubmit, requireValue } from "../forms.js";
import { aboutLink, messageList, practiceZone } from "../messages-common.js";
import * as session from "../session.js";

export async function render({ params, go }) {
  const patient = session.currentPatient();
  const path = `/patients/${patient.patient_id}/messages/${params.id}`;
  const [t, zone] = await Promise.all([api.get(path), practiceZone()]);
  const status = notice();
  const key = crypto.randomUUID(); // one reply, however often the button is pressed
  const canWrite = t.status === "open" || t.can_reopen;
  const form = canWrite ? h("form", { class: "panel", "aria-label": "Reply" },
    t.status === "closed" ? h("p", { class: "small" }, "This conversation is closed. Replying reopens it; that works once, within 7 days of closing.") : null,
    field("Your reply", "body", { type: "textarea", rows: 5, maxlength: 4000 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send reply"))) : null;
  if (form) {
    onSubmit(form, async (data) => {
      requireValue(data, "body", "Write your reply.");
      await api.post(`${path}/replies`, { body: data.body }, { headers: { "Idempotency-Key": key } });
      go(`/messages/${params.id}`, { replace: true });
    });
  }
  const closeButton = t.status === "open" ? h("button", { type: "button", class: "small",
    onclick: async () => { await api.post(`${path}/close`, {}); go(`/messages/${params.id}`, { replace: true }); } },
  "My question is answered: close") : null;
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/messages" }, "← All messages")),
      h("h1", {}, t.subject),
      h("p", { class: "small muted" }, `${t.topic_label} · reference ${t.ref}`,
        t.status === "closed" ? " · closed" : "")), closeButton),
    aboutLink(t.about),
    status,
    h("section", { class: "panel", "aria-label": "Conversation" }, messageList(t.messages, patient.patient_id, zone)),
    form || h("p", { class: "notice notice-info" }, "This conversation is closed. ",
      h("a", { href: "#/messages/new" }, "Write a new message"), " and mention this one if it helps."),
  ];
}
