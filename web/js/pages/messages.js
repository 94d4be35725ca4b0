// Messages (patient side): conversations with the care team, newest first, unread counts.
import { api } from "../api.js";
import { h } from "../dom.js";
import { practiceZone, whenWords } from "../messages-common.js";
import * as session from "../session.js";

export async function render() {
  const patient = session.currentPatient();
  const [{ items }, topics, zone] = await Promise.all([
    api.get(`/patients/${patient.patient_id}/messages`, { limit: 50 }),
    api.get("/message-topics"), practiceZone()]);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Messages"),
      h("p", {}, "Routine questions for the care team, answered in the portal.")),
      h("a", { class: "button primary", href: "#/messages/new" }, "Write a message")),
    h("p", { class: "notice notice-info" }, topics.expectations),
    h("section", { class: "panel", "aria-label": "Conversations" },
      items.length ? h("ul", { class: "list" }, items.map((t) => h("li", {},
        h("div", { class: "row" },
          h("a", { href: `#/messages/${t.thread_id}`, class: "strong-link" }, t.subject),
          t.unread ? h("span", { class: "badge warn" }, `${t.unread} new`) : null,
          t.status === "closed" ? h("span", { class: "badge" }, "Closed") : null),
        h("p", { class: "small muted" }, `${t.topic_label} · last message ${whenWords(t.last_message_at, zone)}`))))
        : h("p", { class: "empty" }, "No messages yet.")),
  ];
}
