// Chart: the patient's visits, upcoming and past. The front desk books, moves, cancels and
// approves here (the patient is told as when they act themselves: the same API).
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { notice, showNotice } from "../../forms.js";
import { askFirst } from "../../ask.js";
import { dayWords, STATUS, timeWords } from "../../appointments-common.js";
import { checkedIn } from "./schedule.js";
import { openBookingDialog } from "../../staff-booking.js";
import * as session from "../../session.js";

const BOOKERS = ["provider", "nurse", "front_desk", "admin"];
const APPROVERS = ["front_desk", "admin"];

export function appointmentsSection(patient) {
  const base = `/patients/${patient.patient_id}/appointments`;
  const canBook = session.hasRole(...BOOKERS);
  const canApprove = session.hasRole(...APPROVERS);
  const status = notice();
  const upcoming = h("ul", { class: "list", "aria-labelledby": "chart-upcoming-h" });
  const past = h("ul", { class: "list", "aria-labelledby": "chart-past-h" });
  const say = (message, ok = true) => {
    status.className = `notice ${ok ? "notice-ok" : "notice-error"}`;
    showNotice(status, message);
    status.focus();
  };
  const fail = (error) => say(error.message, false);

  const draw = async () => {
    const [next, before] = await Promise.all([api.get(base, { when: "upcoming", limit: 25 }),
      api.get(base, { when: "past", limit: 10 })]);
    upcoming.replaceChildren(...(next.items.length ? next.items.map(item) : [h("li", { class: "empty" }, "No upcoming visits.")]));
    past.replaceChildren(...(before.items.length ? before.items.map(item) : [h("li", { class: "empty" }, "No past visits.")]));
  };
  const redraw = (message) => draw().then(() => say(message)).catch(fail);
  const book = (options = {}) => openBookingDialog({ patient, ...options, onDone: (_, message) => redraw(message) })
    .catch(fail);

  const item = (a) => {
    const [label, tone] = STATUS[a.status] || [a.status, ""];
    const when = `${dayWords(a.date)} at ${timeWords(a.time)}`;
    const live = ["booked", "proposed"].includes(a.status);
    const actions = h("div", { class: "actions" });
    if (live && canApprove && a.status === "proposed") {
      actions.append(h("button", { type: "button", class: "small primary", onclick: async (e) => {
        e.currentTarget.disabled = true;
        try {
          const saved = await api.post(`${base}/${a.appointment_id}/approve`, {});
          await redraw(`Approved: ${a.visit_type_name} on ${dayWords(saved.date)} at ${timeWords(saved.time)}. `
            + `${patient.given_name} was told.`);
        } catch (error) {
          fail(error);
          e.currentTarget.disabled = false;
        }
      } }, "Approve this time", h("span", { class: "visually-hidden" }, `: ${a.visit_type_name} on ${when}`)));
    }
    if (live && canBook && a.status === "booked") {
      actions.append(h("button", { type: "button", class: "small", onclick: () => book({ appointment: a }) },
        "Reschedule", h("span", { class: "visually-hidden" }, `: ${a.visit_type_name} on ${when}`)));
    }
    if (live && canBook) {
      const cancel = h("button", { type: "button", class: "small danger", onclick: () => askFirst(cancel, {
        question: `Cancel ${a.visit_type_name} on ${when}? ${patient.given_name} is told by email.`,
        yes: "Yes, cancel the visit", no: "Keep it",
        onYes: async (yes) => {
          yes.disabled = true;
          try {
            await api.post(`${base}/${a.appointment_id}/cancel`, {});
            await redraw(`Cancelled: ${a.visit_type_name} on ${when}. ${patient.given_name} was told.`);
          } catch (error) {
            fail(error);
            yes.disabled = false;
          }
        } }) }, a.status === "proposed" ? "Cancel request" : "Cancel visit",
      h("span", { class: "visually-hidden" }, `: ${a.visit_type_name} on ${when}`));
      actions.append(cancel);
    }
    return h("li", { class: "chart-visit" },
      h("div", { class: "row" }, h("strong", {}, when), h("span", { class: `badge ${tone}` }, label), checkedIn(a)),
      h("p", { class: "small" }, [a.visit_type_name, a.provider_name, a.mode === "telehealth" ? "video" : null]
        .filter(Boolean).join(" · ")),
      a.reason ? h("p", { class: "small muted" }, `For: ${a.reason}`) : null,
      a.status === "cancelled" ? h("p", { class: "small muted" }, `Cancelled by ${a.cancelled_by === "practice" ? "the practice" : "the patient"}`) : null,
      actions.childElementCount ? actions : null);
  };

  draw().catch(fail);
  return h("section", { class: "panel", id: "chart-appointments", "aria-labelledby": "chart-appointments-h" },
    h("div", { class: "row" }, h("h2", { id: "chart-appointments-h" }, "Appointments"),
      canBook ? h("button", { type: "button", class: "primary small", onclick: () => book() }, "Book a visit") : null),
    h("p", { class: "small muted" }, "Times are practice time. Booking, moving and cancelling here send the patient "
      + "the same notice as when they do it themselves."),
    status,
    h("h3", { id: "chart-upcoming-h" }, "Upcoming"), upcoming,
    h("h3", { id: "chart-past-h" }, "Past"), past);
}
