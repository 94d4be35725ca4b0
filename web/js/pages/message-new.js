// Write a message: topic (routes it to the right team), subject, text, an optional photo
// or file (through the document upload), and what it is about when started from a visit
// summary or an appointment ("Ask about this"). What to expect is said before sending.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, notice, onSubmit, requireValue, FieldError } from "../forms.js";
import * as session from "../session.js";
import { ACCEPT, uploadDocument } from "../upload.js";

const ABOUT_WORDS = { "visit-summary": "your visit summary", appointment: "your appointment",
  statement: "your statement", "lab-result": "your test result" };

export async function render({ query, go }) {
  const patient = session.currentPatient();
  const info = await api.get("/message-topics");
  const limited = patient.scope === "limited";
  const topics = info.topics.filter((t) => !limited || t.limited);
  const aboutType = query.get("about_type");
  const aboutId = query.get("about_id");
  const about = aboutType && aboutId ? { type: aboutType, id: aboutId } : null;
  const wanted = query.get("topic") || (aboutType === "appointment" ? "appointment" : "");
  const progress = h("p", { class: "small muted", role: "status" });
  const key = crypto.randomUUID(); // one message, however often the button is pressed
  const form = h("form", { class: "panel", "aria-label": "Message to the care team" },
    field("Topic", "topic", { options: [["", "Choose a topic"], ...topics.map((t) => [t.id, t.label])], value: wanted,
      hint: "It goes to the team that answers this kind of question." }),
    field("Subject", "subject", { maxlength: info.limits.subject, hint: `A few words, up to ${info.limits.subject} characters.` }),
    field("Your message", "body", { type: "textarea", rows: 7, maxlength: info.limits.body,
      hint: `Up to ${info.limits.body.toLocaleString("en-US")} characters. Please don't send urgent or emergency questions here.` }),
    limited ? null : field("Photo or file (optional)", "file", { type: "file", accept: ACCEPT,
      hint: "A PDF, JPEG, PNG or HEIC photo, up to 10 MB.", alias: "document_ids document_ids.0" }),
    about ? h("p", { class: "small" }, `About ${ABOUT_WORDS[about.type] || "an item in your record"}.`) : null,
    progress,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send message"),
      h("a", { href: "#/messages", class: "button" }, "Cancel")));
  onSubmit(form, async (data) => {
    requireValue(data, "topic", "Choose a topic.");
    requireValue(data, "subject", "Write a subject.");
    requireValue(data, "body", "Write your message.");
    const body = { topic: data.topic, subject: data.subject, body: data.body };
    if (about) body.about = about;
    const file = form.elements.file && form.elements.file.files[0];
    if (file) {
      progress.textContent = "Uploading the file…";
      try {
        const doc = await uploadDocument(patient.patient_id, file, { category: "other" });
        body.document_ids = [doc.document_id];
      } catch (error) {
        progress.textContent = "";
        throw new FieldError("file", error.message);
      }
      progress.textContent = "";
    }
    const thread = await api.post(`/patients/${patient.patient_id}/messages`, body, { headers: { "Idempotency-Key": key } });
    go(`/messages/${thread.thread_id}`);
  });
  const status = notice();
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/messages" }, "← All messages")),
      h("h1", {}, "Write a message"))),
    h("div", { class: "notice notice-info", role: "note" }, h("p", {}, info.expectations),
      info.after_hours ? h("p", {}, h("strong", {}, info.after_hours)) : null),
    status, form,
  ];
}
