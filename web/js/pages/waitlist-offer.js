// An earlier time offered from the waitlist (the email's link): take it or leave it. The
// first patient to accept gets it; the visit moves there and its old time is released.
import { api } from "../api.js";
import { h } from "../dom.js";
import { flash, notice, showNotice } from "../forms.js";
import { dayWords, getForAnyPatient, instantTime, timeWords, zoneWords } from "../appointments-common.js";
import * as session from "../session.js";

const WORDS = {
  gone: "Someone else took this earlier time first. Your visit stays at its time, and you stay on the list.",
  expired: "This offer has ended. Your visit stays at its time, and you stay on the list.",
  accepted: "You took this time: your visit is there now.",
};

export async function render({ params, go }) {
  const o = await getForAnyPatient((pid) => `/patients/${pid}/waitlist-offers/${params.id}`);
  const status = notice("alert");
  const key = crypto.randomUUID(); // one acceptance, however often the button is pressed
  const take = async (event) => {
    event.currentTarget.disabled = true;
    try {
      const moved = await api.post(`/patients/${o.patient_id}/waitlist-offers/${o.offer_id}/accept`, {},
        { headers: { "Idempotency-Key": key } });
      flash(`${session.whose({ capital: true })} visit is moved to ${dayWords(moved.date)} at ${timeWords(moved.time)}.`);
      go(`/appointments/${moved.appointment_id}`);
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    }
  };
  const open = o.status === "open";
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/appointments" }, "← Appointments")),
      h("h1", {}, "An earlier time"),
      h("p", {}, `${o.visit_type_name} with ${o.provider_name}`))),
    h("section", { class: "panel", "aria-labelledby": "offer-h" },
      h("h2", { id: "offer-h" }, h("strong", {}, `${dayWords(o.date)} at ${timeWords(o.time)}`), ` (${zoneWords(o.timezone)} time)`),
      h("p", {}, `Instead of ${dayWords(o.current.date)} at ${timeWords(o.current.time)}.`),
      open ? [
        h("p", {}, `This time was offered to a few patients who asked for an earlier one: the first to accept gets it. `
          + `The offer ends at ${instantTime(o.expires_at, o.timezone)}. If you take it, the later time is released.`),
        status,
        h("div", { class: "actions" },
          h("button", { type: "button", class: "primary", onclick: take }, "Take this earlier time"),
          h("a", { class: "button", href: `#/appointments/${o.appointment_id}` }, "Keep my visit as it is")),
      ] : h("p", { class: "notice notice-info" }, WORDS[o.status] || WORDS.expired)),
  ];
}
