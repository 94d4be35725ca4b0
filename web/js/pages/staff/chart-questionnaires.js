// Chart: answered questionnaires with their scores (PHQ-9 item 9 flagged), and sending a
// questionnaire to the patient (issue 17). Clinicians only (the API says the same).
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";
import { answerList } from "../../questionnaire-form.js";

export function questionnairesSection(patientId) {
  const status = notice();
  const list = h("ul", { class: "list" });
  const sendHolder = h("div", {});
  const section = h("section", { class: "panel", id: "chart-questionnaires", "aria-labelledby": "chart-questionnaires-h" },
    h("h2", { id: "chart-questionnaires-h" }, "Questionnaires"), status, list, sendHolder);

  const draw = async (message = "") => {
    const [{ items }, forms] = await Promise.all([
      api.get(`/patients/${patientId}/questionnaire-responses`, { limit: 25 }), api.get("/forms")]);
    list.replaceChildren(...(items.length ? items.map(item) : [h("li", { class: "empty" }, "No questionnaires answered yet.")]));
    const form = h("form", { "aria-label": "Send a questionnaire" },
      field("Questionnaire", "form_id", { options: [["", "Choose…"], ...forms.questionnaire
        .filter((f) => f.status === "active").map((f) => [f.form_id, f.title])] }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Send to the patient")));
    onSubmit(form, async (data) => {
      await api.post(`/patients/${patientId}/questionnaire-requests`, { form_id: data.form_id });
      await draw("Sent. The patient is told there is something new in the portal.");
    });
    sendHolder.replaceChildren(inlineForm("Send a questionnaire", form));
    if (message) { status.className = "notice notice-ok"; showNotice(status, message); }
  };

  const item = (r) => h("li", {},
    h("div", { class: "row" }, h("strong", {}, `${r.title} · ${formatTime(r.authored_at)}`),
      r.follow_up && !r.follow_up.open ? h("span", { class: "badge ok" }, "Followed up")
        : r.flagged || r.follow_up ? h("span", { class: "badge bad" }, "Follow up") : null),
    r.score_words ? h("p", {}, r.score_words) : null,
    r.score && r.score.flags.length ? r.score.flags.map((f) => h("p", { class: "notice notice-error" }, f)) : null,
    followUp(r),
    inlineForm("Answers", answerList(r.items)),
    h("p", { class: "small muted" }, `Answered by ${r.author_name}`));

  // A flagged answer waits on the clinicians' Today until one of them marks it followed up.
  const followUp = (r) => {
    const f = r.follow_up;
    if (!f) return null;
    if (!f.open) return h("p", { class: "small", dataset: { followedUp: "" } },
      `Followed up by ${f.followed_up_by_name}, ${formatTime(f.followed_up_at)}.`);
    const button = h("button", { type: "button", class: "primary small", onclick: async () => {
      button.disabled = true;
      try {
        await api.post(`/patients/${patientId}/questionnaire-responses/${f.response_id}/follow-up`, {});
        await draw("Marked followed up. It has left the clinicians' Today.");
      } catch (error) {
        button.disabled = false;
        status.className = "notice notice-error"; showNotice(status, error.message);
      }
    } }, "Mark followed up");
    return h("div", { class: "row" }, h("p", { class: "small" }, "Waiting for a clinician's follow-up."), button);
  };

  draw().catch((error) => { status.className = "notice notice-error"; showNotice(status, error.message); });
  return section;
}
