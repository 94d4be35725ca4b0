// A questionnaire the care team sent (issue 17): fill it in once; afterwards, the answers.
import { api } from "../api.js";
import { formatTime, h } from "../dom.js";
import { flash, notice, onSubmit, takeFlash } from "../forms.js";
import { answerList, crisisNotice, questionnaireFields } from "../questionnaire-form.js";
import * as session from "../session.js";

export async function render({ params, go, path }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}/questionnaire-requests/${params.id}`;
  const ask = await api.get(base);
  const status = takeFlash(notice());
  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: "#/home" }, "← Home")),
    h("h1", {}, ask.title), h("p", {}, `From ${ask.asked_by_name}, ${formatTime(ask.asked_at)}`)));
  if (ask.status !== "pending") {
    const answers = (ask.response && ask.response.items) || [];
    return [head, status, h("p", { class: "notice notice-ok" }, `Answered ${formatTime(ask.answered_at)}. Thank you.`),
      crisisNotice(ask.response && ask.response.crisis_message),
      h("section", { class: "panel", "aria-label": "Your answers" },
        answerList(answers))];
  }
  const fields = questionnaireFields(ask.questionnaire);
  const form = h("form", { class: "panel", "aria-label": ask.title }, fields.element,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send answers")));
  onSubmit(form, async () => {
    await api.post(`${base}/response`, { answers: fields.answers() });
    flash("Answers sent to your care team.");
    await go(path);
  });
  return [head, status, h("p", {}, "Your answers go to your care team. This is not for emergencies: call 911."), form];
}
