// Front desk: visit requests waiting for a time; approve the preferred time or decline with a reason.
import { api } from "../../api.js";
import { append, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { dayWords, timeWords, zoneWords } from "../../appointments-common.js";

export async function render() {
  const { items } = await api.get("/appointment-requests", { limit: 100 });
  const status = notice();
  const list = h("ul", { class: "list-plain review-list" });
  const card = (a) => {
    const li = h("li", { class: "card review-item" });
    const form = h("form", { "aria-label": `Decide the request of ${a.patient_name}` },
      field("Reason, if declining", "reason", { type: "textarea", rows: 2, hint: "The patient reads it in the portal." }),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", value: "approve" }, "Approve this time"),
        h("button", { type: "submit", class: "danger", value: "decline" }, "Decline")));
    onSubmit(form, async (data, submitter) => {
      const path = `/patients/${a.patient_id}/appointments/${a.appointment_id}`;
      if (submitter && submitter.value === "decline") {
        if (!data.reason) throw Object.assign(new Error("Tell the patient why, in a few words."), { field: "reason" });
        await api.post(`${path}/decline`, { reason: data.reason });
        showNotice(status, `Declined the request of ${a.patient_name}.`);
      } else {
        await api.post(`${path}/approve`, {});
        showNotice(status, `Booked ${a.patient_name} on ${dayWords(a.date)} at ${timeWords(a.time)}.`);
      }
      li.remove();
      if (!list.children.length) list.append(h("li", { class: "empty" }, "No requests are waiting."));
    });
    return append(li, [
      h("div", { class: "row" }, h("h2", {}, a.visit_type_name), h("span", { class: "badge warn" }, "Request")),
      h("p", {}, h("a", { href: `#/staff/patients/${a.patient_id}` }, a.patient_name), ` · with ${a.provider_name}`),
      h("p", {}, `Preferred: ${dayWords(a.date)} at ${timeWords(a.time)} (${zoneWords(a.timezone)} time)`),
      a.reason ? h("p", { class: "prose" }, `“${a.reason}”`) : null,
      form]);
  };
  list.append(...(items.length ? items.map(card) : [h("li", { class: "empty" }, "No requests are waiting.")]));
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Visit requests"),
      h("p", {}, "Visits that need the practice to confirm a time, oldest first."))),
    status, list,
  ];
}
