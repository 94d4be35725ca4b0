// Staff: lab results whose patient did not match exactly (never guessed), filed under the
// patient a person chose, a page at a time (oldest first); and the upload of a lab's HL7 file for
// practices without an interface.
import { api } from "../../api.js";
import { formatDay, fullName, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";

const PAGE = 50;

export async function render() {
  const { items, cursor: first } = await api.get("/results-match-queue", { limit: PAGE });
  const status = notice();
  const list = h("ul", { class: "list-plain review-list" });
  let cursor = first;
  const empty = () => h("li", { class: "empty" },
    cursor ? "Nothing left on this page: show more below." : "Every result has its patient.");
  list.append(...(items.length ? items.map((item) => card(item, list, status, empty)) : [empty()]));
  const more = h("button", { type: "button", hidden: !cursor }, "Show more unmatched results");
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await api.get("/results-match-queue", { limit: PAGE, cursor });
      cursor = page.cursor;
      more.hidden = !cursor;
      list.querySelector(":scope > .empty")?.remove();
      list.append(...page.items.map((item) => card(item, list, status, empty)));
      if (!list.children.length) list.append(empty());
      showNotice(status, page.items.length ? `${page.items.length} more shown.` : "No more unmatched results.");
    } catch (error) {
      showNotice(status, error.message);
    } finally {
      more.disabled = false;
    }
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Unmatched results"),
      h("p", {}, "Results the portal could not match exactly to one patient (MRN, birth date and name), "
        + "oldest first."))),
    status, list, more, uploadSection(),
  ];
}

function card(item, list, status, empty) {
  const p = item.patient_in_message;
  const li = h("li", { class: "card" });
  const found = h("div", { "aria-live": "polite" });
  const search = h("form", { "aria-label": "Find the patient by MRN" },
    field("MRN in the portal", "mrn", { value: p.mrn.split(",")[0], hint: "Find the patient, compare, then file." }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Find")));
  onSubmit(search, async (data) => {
    const { items: patients } = await api.get("/patients", { mrn: data.mrn });
    found.replaceChildren(...(patients.length ? patients.map((patient) => h("div", { class: "row" },
      h("span", {}, `${fullName(patient)} · born ${formatDay(patient.birth_date)} · MRN ${patient.mrn}`),
      h("button", { type: "button", class: "primary small", onclick: async (e) => {
        e.currentTarget.disabled = true;
        await api.post(`/results-match-queue/${item.message_id}/match`, { patient_id: patient.patient_id });
        li.remove();
        showNotice(status, `Filed under ${fullName(patient)}.`);
        if (!list.children.length) list.append(empty());
      } }, `File under ${fullName(patient)}`))) : [h("p", { class: "small" }, "No patient has this MRN.")]));
  });
  const dismiss = h("form", { "aria-label": "Not our patient" },
    field("Why it is not filed (kept with the record)", "note", { hint: "For example: not our patient; the lab was told." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "danger" }, "Remove from the queue")));
  onSubmit(dismiss, async (data) => {
    await api.post(`/results-match-queue/${item.message_id}/dismiss`, { note: data.note });
    li.remove();
    showNotice(status, "Removed from the queue; the message text was deleted.");
    if (!list.children.length) list.append(empty());
  });
  li.append(
    h("h2", {}, item.tests.join(", ")),
    h("p", {}, `From ${item.sending_facility} · received ${item.received} · ${item.reason}`),
    h("dl", { class: "facts" }, h("dt", {}, "Name in the message"), h("dd", {}, `${p.given_name} ${p.family_name}`),
      h("dt", {}, "Born"), h("dd", {}, p.birth_date ? formatDay(p.birth_date) : "(not given)"),
      h("dt", {}, "MRN"), h("dd", {}, p.mrn)),
    search, found, inlineForm("Not our patient", dismiss));
  return li;
}

function uploadSection() {
  const status = notice();
  const form = h("form", { "aria-label": "Upload a lab's result file" },
    field("HL7 v2 result file (ORU^R01)", "file", { type: "file", accept: ".hl7,.txt,text/plain" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Upload")));
  onSubmit(form, async () => {
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) throw Object.assign(new Error("Choose a file."), { field: "file" });
    const answer = await api.post("/results/upload", { message: await file.text() });
    status.className = `notice ${answer.code === "AA" ? "notice-ok" : "notice-error"}`;
    showNotice(status, answer.reason);
  });
  return h("section", { class: "panel", "aria-labelledby": "upload-h" }, h("h2", { id: "upload-h" }, "Upload a lab's file"),
    status, form);
}
