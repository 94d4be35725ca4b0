// The waitlist for earlier slots (issue 17): the visit page's "tell me about an earlier time",
// and an open offer's choices (the appointments page and the offer's own page): Take this
// time, or No thanks (the time goes to the next patient; optionally leave the list too).
import { api } from "./api.js";
import { h } from "./dom.js";
import { checkbox, flash, notice, showNotice } from "./forms.js";
import { dayWords, instantTime, timeWords, zoneWords } from "./appointments-common.js";
import * as session from "./session.js";

/** Take this time / No thanks for an open offer `o`; then(moved | null) after the choice. */
export function offerChoices(o, status, then, { take = "Take this time" } = {}) {
  const key = crypto.randomUUID(); // one acceptance, however often the button is pressed
  const about = h("span", { class: "visually-hidden" }, ` (${dayWords(o.date)} at ${timeWords(o.time)})`);
  const leave = checkbox("Also stop offering earlier times for this visit", "leave");
  const fail = (button, error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
    status.focus();
    button.disabled = false;
  };
  const accept = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const moved = await api.post(`/patients/${o.patient_id}/waitlist-offers/${o.offer_id}/accept`, {},
        { headers: { "Idempotency-Key": key } });
      flash(`${session.whose({ capital: true })} visit is moved to ${dayWords(moved.date)} at ${timeWords(moved.time)}.`);
      then(moved);
    } catch (error) {
      fail(button, error);
    }
  };
  const decline = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const leaving = leave.querySelector("input").checked;
    try {
      await api.post(`/patients/${o.patient_id}/waitlist-offers/${o.offer_id}/decline`, leaving ? { leave: true } : {});
      flash(`No thanks: the earlier time goes to the next patient. ${session.whose({ capital: true })} visit stays on `
        + `${dayWords(o.current.date)} at ${timeWords(o.current.time)}`
        + (leaving ? ", and no more earlier times will be offered for it." : ", still on the list for an earlier time."));
      then(null);
    } catch (error) {
      fail(button, error);
    }
  };
  return h("div", { class: "offer-choices" },
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: accept }, take, about.cloneNode(true)),
      h("button", { type: "button", onclick: decline }, "No thanks", about)),
    leave);
}

/** An open offer at the top of the appointments page (where the SMS's link lands). */
export function offerPanel(o, then) {
  const status = notice("alert");
  const id = `offer-${o.offer_id}-h`;
  return h("section", { class: "panel card attention offer", "aria-labelledby": id },
    h("h2", { id }, `An earlier time for ${o.visit_type_name}`),
    h("p", { class: "when" }, h("strong", {}, `${dayWords(o.date)} at ${timeWords(o.time)}`),
      ` (${zoneWords(o.timezone)} time), instead of ${dayWords(o.current.date)} at ${timeWords(o.current.time)}.`),
    h("p", {}, `Offered to a few patients who asked for an earlier time: the first to accept gets it. `
      + `The offer ends at ${instantTime(o.expires_at, o.timezone)}. If you take it, the later time is released.`),
    status,
    offerChoices(o, status, then));
}

export function waitlistSection(a) {
  const status = notice();
  const body = h("div", {});
  let waiting = Boolean(a.waitlist);
  const draw = () => body.replaceChildren(
    h("p", {}, waiting
      ? "You are on the list: when an earlier time of this visit type opens, we email you (or text you, if you chose texts). The first to accept gets it, and this visit's time is then released."
      : "Want to come in sooner? Ask to be told by email when an earlier time of this visit type opens."),
    h("p", {}, h("button", { type: "button", id: "waitlist-toggle", onclick: toggle },
      waiting ? "Stop asking for an earlier time" : "Tell me about an earlier time")));
  const toggle = async (event) => {
    event.currentTarget.disabled = true;
    try {
      const saved = await api.post(`/patients/${a.patient_id}/appointments/${a.appointment_id}/waitlist`, { join: !waiting });
      waiting = Boolean(saved.waitlist);
      draw();
      showNotice(status, waiting ? "Done: you will hear of an earlier time." : "Done: you will not be offered earlier times.");
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      event.currentTarget.disabled = false;
    }
  };
  draw();
  return h("section", { class: "panel", "aria-labelledby": "waitlist-h" },
    h("h2", { id: "waitlist-h" }, "An earlier time?"), status, body);
}
