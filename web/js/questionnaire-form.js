// A FHIR Questionnaire as form controls (issue 17): items named "answers.<linkId>" so an
// API error such as "answers.phq9-3" lands next to its question; enableWhen shows and
// hides items as the patient answers (the API checks the same rules again).
import { h, nextId } from "./dom.js";
import { field } from "./forms.js";

const CHOICE_TYPES = new Set(["choice", "boolean"]);

function holds(cond, given) {
  const answered = Object.prototype.hasOwnProperty.call(given, cond.question);
  if (cond.operator === "exists") return answered === cond.answerBoolean;
  if (!answered) return cond.operator === "!=";
  const key = Object.keys(cond).find((k) => k.startsWith("answer"));
  const want = key === "answerCoding" ? cond[key].code : cond[key];
  const have = given[cond.question];
  return { "=": have === want, "!=": have !== want, ">": have > want, "<": have < want,
    ">=": have >= want, "<=": have <= want }[cond.operator];
}

function enabled(item, given) {
  if (!item.enableWhen) return true;
  const results = item.enableWhen.map((c) => holds(c, given));
  return item.enableBehavior === "any" ? results.some(Boolean) : results.every(Boolean);
}

/** A group of radio buttons in a fieldset whose legend is the question. */
function radios(item, label, options, prefix) {
  const name = `${prefix}.${item.linkId}`;
  const errorId = nextId(`${item.linkId}-error`);
  return h("fieldset", { class: "field radios", dataset: { field: name } },
    h("legend", {}, label),
    options.map(([value, text]) => {
      const id = nextId(item.linkId);
      return h("div", { class: "check" },
        h("input", { type: "radio", id, name, value, "aria-describedby": errorId }),
        h("label", { for: id }, text));
    }),
    h("p", { class: "error", id: errorId, hidden: true }));
}

function control(item, prefix) {
  const label = `${item.prefix ? `${item.prefix}. ` : ""}${item.text}${item.required ? "" : " (optional)"}`;
  const name = `${prefix}.${item.linkId}`;
  switch (item.type) {
    case "display": return h("p", { class: "questionnaire-display" }, item.text);
    case "choice": return radios(item, label, item.answerOption.map((o) => [o.valueCoding.code, o.valueCoding.display]), prefix);
    case "boolean": return radios(item, label, [["true", "Yes"], ["false", "No"]], prefix);
    case "integer": return field(label, name, { type: "number", inputmode: "numeric", step: "1" });
    case "decimal": return field(label, name, { type: "number", inputmode: "decimal", step: "any" });
    case "date": return field(label, name, { type: "date" });
    case "text": return field(label, name, { type: "textarea", rows: 3, maxlength: item.maxLength || 4000 });
    default: return field(label, name, { maxlength: item.maxLength || 250 });
  }
}

/**
 * The controls of a questionnaire and a reader of its answers: { element, answers() }.
 * `prefix` names the fields as the API names its errors ("responses[0].answers" at check-in).
 */
export function questionnaireFields(questionnaire, { prefix = "answers" } = {}) {
  const blocks = questionnaire.item.map((item) => [item, h("div", { class: "questionnaire-item" }, control(item, prefix))]);
  const element = h("div", { class: "questionnaire" }, blocks.map(([, el]) => el));
  const read = (item) => {
    const name = `${prefix}.${item.linkId}`;
    if (CHOICE_TYPES.has(item.type)) {
      const picked = element.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
      if (!picked) return undefined;
      return item.type === "boolean" ? picked.value === "true" : picked.value;
    }
    const input = element.querySelector(`[name="${CSS.escape(name)}"]`);
    const raw = input ? input.value.trim() : "";
    if (!raw) return undefined;
    if (item.type === "integer" || item.type === "decimal") {
      const n = Number(raw);
      return Number.isNaN(n) ? raw : n; // the API names a value that is not a number
    }
    return raw;
  };
  // Answers of shown items only, in order: a hidden item's answer is neither sent nor shown.
  const answers = () => {
    const given = {};
    for (const [item, el] of blocks) {
      if (item.type === "display") continue;
      const shown = enabled(item, given);
      el.hidden = !shown;
      if (!shown) continue;
      const value = read(item);
      if (value !== undefined) given[item.linkId] = value;
    }
    return given;
  };
  // An answered question's "Answer this question." goes away as soon as it is answered.
  const answered = (event) => {
    const wrapper = event.target.closest("[data-field]");
    const slot = wrapper && wrapper.querySelector(".error");
    if (slot && !slot.hidden) {
      slot.textContent = "";
      slot.hidden = true;
      wrapper.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    }
    answers();
  };
  element.addEventListener("change", answered);
  element.addEventListener("input", answered);
  answers();
  return { element, answers };
}

/** Answers as people read them (question, then answer: long questions do not fit two columns). */
export function answerList(items) {
  return h("ol", { class: "answers" }, items.map((i) => h("li", {}, h("p", { class: "small muted" }, i.text),
    h("p", {}, h("strong", {}, i.answer)))));
}

// After a flagged answer (PHQ-9 item 9 above "Not at all"): where to get help now, in the
// practice's words (the API sends them as crisis_message only then). Calm, not an alarm.
export function crisisNotice(text) {
  if (!text) return null;
  const id = nextId("crisis");
  return h("section", { class: "notice notice-warn crisis", "aria-labelledby": id, dataset: { crisis: "" } },
    h("h2", { id }, "If you need help now"), h("p", {}, text),
    h("p", { class: "actions" }, h("a", { class: "button", href: "tel:988" }, "Call 988"),
      h("a", { class: "button", href: "sms:988" }, "Text 988"), h("a", { class: "button", href: "tel:911" }, "Call 911")));
}
