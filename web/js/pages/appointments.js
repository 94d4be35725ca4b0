// Appointments (patient side): upcoming and past visits; cancel, reschedule, calendar file;
// open offers of an earlier time from the waitlist first (Take this time, No thanks).
import { api } from "../api.js";
import { formatTime, h } from "../dom.js";
import { flash, notice, showNotice, takeFlash } from "../forms.js";
import { dayWords, downloadCalendar, STATUS, timeWords, zoneWords } from "../appointments-common.js";
import * as session from "../session.js";
import { offerPanel } from "../waitlist.js";

/** eCheck-in (issue 17): done, open now (a link), or when it opens. Full proxies and the patient only. */
function checkinLine(a, patient) {
  if (a.checked_in_online) return h("p", {}, h("span", { class: "badge ok" }, "Checked in online"));
  if (a.status !== "booked" || !a.checkin_opens_at || patient.scope === "limited") return null;
  const now = Date.now();
  if (now >= Date.parse(a.checkin_closes_at)) return null;
  if (now < Date.parse(a.checkin_opens_at)) {
    return h("p", { class: "small muted" }, `Online check-in opens ${formatTime(a.checkin_opens_at)}.`);
  }
  return h("p", {}, h("a", { class: "button primary small", href: `#/appointments/${a.appointment_id}/checkin` },
    "Check in online", h("span", { class: "visually-hidden" }, ` for the ${a.visit_type_name} on ${dayWords(a.date)}`)));
}

export async function render({ query, go, path }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}/appointments`;
  const past = query.get("when") === "past";
  const { items } = await api.get(base, { when: past ? "past" : "upcoming", limit: 50 });
  // Earlier times offered from the waitlist (the SMS links here): asked only when a visit waits.
  const offers = !past && items.some((a) => a.waitlist)
    ? (await api.get(`/patients/${patient.patient_id}/waitlist-offers`)).items : [];
  const status = takeFlash(notice());
  const fail = (error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
  };
  const cancel = async (button, a) => {
    button.disabled = true;
    try {
      await api.post(`${base}/${a.appointment_id}/cancel`, {});
      flash(`${session.whose({ capital: true })} ${a.visit_type_name} on ${dayWords(a.date)} is cancelled.`);
      go(`${path}${past ? "?when=past" : ""}`);
    } catch (error) {
      fail(error);
      button.disabled = false;
    }
  };
  const card = (a) => {
    const [label, tone] = STATUS[a.status] || [a.status, ""];
    const confirmBox = h("div", { class: "confirm", hidden: true },
      h("p", {}, "Cancel this visit? The time goes back to other patients."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "danger", onclick: (e) => cancel(e.currentTarget, a) }, "Yes, cancel it"),
        h("button", { type: "button", onclick: () => { confirmBox.hidden = true; } }, "Keep it")));
    const live = ["booked", "proposed"].includes(a.status);
    return h("li", { class: "card appointment" },
      h("div", { class: "row" }, h("h2", {}, h("a", { href: `#/appointments/${a.appointment_id}` }, a.visit_type_name)),
        h("span", { class: `badge ${tone}` }, label)),
      h("p", { class: "when" }, h("strong", {}, `${dayWords(a.date)} at ${timeWords(a.time)}`),
        ` (${zoneWords(a.timezone)} time)`),
      h("p", { class: "muted" }, [a.provider_name, a.mode === "telehealth" ? "Video visit" : "At the practice"]
        .filter(Boolean).join(" · ")),
      checkinLine(a, patient),
      // Joining goes through the visit page's camera and microphone check.
      a.mode === "telehealth" && ["booked", "arrived"].includes(a.status) ? h("p", {}, h("a", {
        class: a.telehealth_url ? "button primary small" : "", href: `#/appointments/${a.appointment_id}` },
      a.telehealth_url ? "Check your camera and join" : "Test your camera and microphone")) : null,
      a.decline_reason ? h("p", { class: "small" }, `Note from the practice: ${a.decline_reason}`) : null,
      live ? h("div", { class: "actions" },
        a.status === "booked" ? h("button", { type: "button", class: "small", onclick: (e) => downloadCalendar(patient.patient_id, a.appointment_id).catch(fail) },
          "Add to calendar") : null,
        h("a", { class: "button small", href: `#/messages/new?about_type=appointment&about_id=${a.appointment_id}` },
          "Ask about this"),
        a.can_change && a.status === "booked" ? h("a", { class: "button small",
          href: `#/appointments/book?reschedule=${a.appointment_id}&visit_type=${a.visit_type_id}` }, "Reschedule") : null,
        a.can_change ? h("button", { type: "button", class: "small danger", onclick: () => { confirmBox.hidden = false; } },
          a.status === "proposed" ? "Withdraw request" : "Cancel visit") : null) : null,
      live && !a.can_change ? h("p", { class: "small muted" }, "It is too late to change this visit online: call the practice.") : null,
      confirmBox);
  };
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Appointments"),
      h("p", {}, past ? `${session.whose({ capital: true })} past visits.` : `${session.whose({ capital: true })} upcoming visits and requests.`)),
      h("a", { class: "button primary", href: "#/appointments/book" }, "Book a visit")),
    h("nav", { class: "tabs", "aria-label": "Which visits" }, h("ul", {},
      h("li", {}, h("a", { href: "#/appointments", "aria-current": past ? null : "page" }, "Upcoming")),
      h("li", {}, h("a", { href: "#/appointments?when=past", "aria-current": past ? "page" : null }, "Past")))),
    status,
    offers.map((o) => offerPanel(o, () => go(path))),
    items.length ? h("ul", { class: "list-plain appointment-list" }, items.map(card))
      : h("p", { class: "panel empty" }, past ? "No past visits." : "No upcoming visits."),
  ];
}
