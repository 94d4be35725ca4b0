// An earlier time offered from the waitlist (the email's link): take it or say no thanks.
// The first patient to accept gets it; the visit moves there and its old time is released.
import { h } from "../dom.js";
import { notice, takeFlash } from "../forms.js";
import { dayWords, getForAnyPatient, instantTime, timeWords, zoneWords } from "../appointments-common.js";
import { offerChoices } from "../waitlist.js";

const WORDS = {
  gone: "Someone else took this earlier time first. Your visit stays at its time, and you stay on the list.",
  expired: "This offer has ended. Your visit stays at its time, and you stay on the list.",
  accepted: "You took this time: your visit is there now.",
  withdrawn: "This earlier time is no longer available: your visit left the waiting list (or was moved or cancelled).",
  declined: "You said no thanks to this time: it goes to the next patient, and your visit stays at its time.",
};

export async function render({ params, go }) {
  const o = await getForAnyPatient((pid) => `/patients/${pid}/waitlist-offers/${params.id}`);
  const status = notice("alert");
  const done = takeFlash(notice());
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
        offerChoices(o, status, (moved) => go(moved ? `/appointments/${moved.appointment_id}` : `/appointments/offers/${o.offer_id}`),
          { take: "Take this earlier time" }),
      ] : done.hidden ? h("p", { class: "notice notice-info" }, WORDS[o.status] || WORDS.expired) : done),
  ];
}
