// Shared by the patient and staff message pages: times in the practice's zone and in
// words, one conversation's messages, and attachments opened through the document flow.
import { h } from "./dom.js";
import * as session from "./session.js";
import { download } from "./upload.js";

let zone = null;

/** The practice's zone (people read times in practice time). */
export async function practiceZone() {
  if (!zone) {
    const practice = await session.practiceInfo();
    zone = (practice && (practice.timezone || (practice.settings && practice.settings.timezone))) || "America/Chicago";
  }
  return zone;
}

/** "Tuesday, December 1 at 8:00 AM" in the practice's zone. */
export function whenWords(value, timeZone) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone }).format(date);
  const time = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(date);
  return `${day} at ${time}`;
}

function author(m, staffView) {
  if (m.side === "system") return `${m.author_name} (automatic answer)`;
  const name = m.on_behalf_of ? `${m.author_name} for ${m.on_behalf_of}` : m.author_name;
  if (m.kind === "note") return `${name}, internal note`;
  return staffView || m.side === "patient" ? name : `${name}, care team`;
}

/** The messages of one conversation, oldest first. */
export function messageList(messages, patientId, timeZone, { staffView = false } = {}) {
  return h("ol", { class: "messages", "aria-label": "Messages" }, messages.map((m) => h("li", {
    class: `message ${m.side}${m.kind === "note" ? " note" : ""}${m.kind === "auto" ? " auto" : ""}`,
  },
  h("p", { class: "message-meta" }, h("strong", {}, author(m, staffView)), " · ",
    h("time", { datetime: m.created_at }, whenWords(m.created_at, timeZone)),
    m.via === "email" ? " · by email" : ""),
  h("p", { class: "prose" }, m.body),
  m.attachments && m.attachments.length ? h("ul", { class: "list-plain attachments" }, m.attachments.map((a) =>
    h("li", {}, h("button", { type: "button", class: "link-button",
      onclick: () => download(patientId, a.document_id) }, `Open ${a.title || "attachment"}`)))) : null,
  m.side === "patient" && m.read_by_care_team !== undefined
    ? h("p", { class: "small muted receipt" }, m.read_by_care_team ? "Read by the care team" : "Not read yet")
    : null)));
}

/** Where an "Ask about this" link points. */
export function aboutLink(about, staffView = false) {
  if (!about) return null;
  const href = staffView ? null : about.type === "visit-summary" ? `#/visits/${about.id}` : "#/appointments";
  return h("p", { class: "small" }, "About: ", href ? h("a", { href }, about.label) : about.label);
}
