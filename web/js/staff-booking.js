// Staff: book a visit for a patient, or move one, in a dialog. Used from the chart and
// the schedule. The API is the patient's own (POST .../appointments, .../reschedule), so
// the patient is told exactly as when they act themselves.
//
//   openBookingDialog({ patient: { patient_id, given_name, family_name },
//                       appointment,            // to move a booked visit (reschedule)
//                       preset: { visit_type_id, provider_id, date, start },  // e.g. an open grid cell
//                       onDone: (saved, message) => ... })
import { api } from "./api.js";
import { fullName, h, nextId, practiceToday } from "./dom.js";
import { field, onSubmit } from "./forms.js";
import { dayWords, timeWords, visitTypes, zoneWords } from "./appointments-common.js";

export async function openBookingDialog({ patient, appointment = null, preset = {}, onDone = () => {} }) {
  const { items } = await visitTypes();
  const moving = Boolean(appointment);
  const types = items.filter((t) => t.providers.length);
  const who = fullName(patient);
  const key = crypto.randomUUID(); // one booking, however often the button is pressed
  const state = {
    type: types.find((t) => t.visit_type_id === (appointment?.visit_type_id || preset.visit_type_id)) || (moving ? null : types[0]),
    provider: appointment?.provider_id || preset.provider_id || "",
    date: preset.date || appointment?.date || practiceToday(),
    start: preset.start || "",
    firstOpen: !preset.date, // until a day is chosen: show the first day with open times
  };
  if (moving && !state.type) throw new Error("This visit type is no longer offered. Cancel the visit and book another.");
  const titleId = nextId("booking-title");
  const times = h("div", { class: "booking-times", "aria-live": "polite" });
  const typeField = moving ? null : field("Visit type", "visit_type_id", { value: state.type?.visit_type_id,
    options: types.map((t) => [t.visit_type_id, `${t.name} (${t.duration_minutes} min)`]) });
  const providerBox = h("div", {});
  const dayField = field("Day", "date", { type: "date", value: state.date, min: practiceToday() });
  const form = h("form", { class: "booking-form" },
    moving ? h("p", {}, h("strong", {}, state.type.name), ` with ${appointment.provider_name}, now `,
      `${dayWords(appointment.date)} at ${timeWords(appointment.time)}`) : typeField,
    providerBox, dayField, times,
    moving ? null : field("What is the visit for?", "reason", { type: "textarea", rows: 2,
      hint: "In the patient's words. The clinician and front desk read it; it is never in an email." }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary" }, moving ? "Move the visit" : "Book the visit"),
      h("button", { type: "button", onclick: () => dialog.close() }, "Close")));
  const dialog = h("dialog", { class: "booking-dialog", "aria-labelledby": titleId },
    h("h2", { id: titleId }, moving ? `Move the visit of ${who}` : `Book a visit for ${who}`), form);

  const drawProviders = () => {
    const people = state.type ? state.type.providers : [];
    if (!people.some((p) => p.provider_id === state.provider)) state.provider = people[0]?.provider_id || "";
    const select = field("Clinician", "provider_id", { value: state.provider,
      options: people.map((p) => [p.provider_id, p.name]) });
    select.querySelector("select").addEventListener("change", (e) => { state.provider = e.target.value; loadTimes(); });
    providerBox.replaceChildren(select);
  };

  let asked = 0;
  const loadTimes = async () => {
    const mine = ++asked; // a slower earlier answer never overwrites a later one
    times.replaceChildren(h("p", { class: "muted small" }, "Looking for open times…"));
    if (!state.type || !state.provider || !state.date) {
      times.replaceChildren();
      return;
    }
    let found;
    try {
      found = await api.get("/availability", { visit_type_id: state.type.visit_type_id, provider_id: state.provider,
        from: state.date, days: state.firstOpen ? 14 : 1 });
    } catch (error) {
      if (mine === asked) times.replaceChildren(h("p", { class: "notice notice-error", role: "alert" }, error.message));
      return;
    }
    if (mine !== asked) return;
    if (state.firstOpen && found.dates.length) {
      state.date = found.dates[0].date;
      dayField.querySelector("input").value = state.date;
    }
    const day = found.dates.find((d) => d.date === state.date);
    const slots = day ? day.slots.filter((s) => !appointment || s.start !== appointment.start) : [];
    if (!slots.length) {
      times.replaceChildren(h("p", { class: "notice notice-info", dataset: { field: "start" } },
        `No open times on ${dayWords(state.date)}. Choose another day.`, h("span", { class: "error", hidden: true })));
      return;
    }
    const legendId = nextId("times");
    times.replaceChildren(h("fieldset", { class: "choices times", dataset: { field: "start" } },
      h("legend", { id: legendId }, `Open times on ${dayWords(state.date)} (${zoneWords(found.timezone)} time)`),
      h("div", { class: "choice-list" }, slots.map((s) => {
        const id = nextId("slot");
        return h("div", { class: "choice" },
          h("input", { type: "radio", name: "start", id, value: s.start, checked: s.start === state.start,
            onchange: () => { state.start = s.start; } }),
          h("label", { for: id }, timeWords(s.time)));
      })),
      h("p", { class: "error", hidden: true })));
  };

  if (typeField) {
    typeField.querySelector("select").addEventListener("change", (e) => {
      state.type = types.find((t) => t.visit_type_id === e.target.value);
      drawProviders();
      loadTimes();
    });
  }
  dayField.querySelector("input").addEventListener("change", (e) => {
    Object.assign(state, { date: e.target.value, start: "", firstOpen: false });
    loadTimes();
  });

  onSubmit(form, async (data) => {
    const start = form.querySelector("input[name=start]:checked")?.value;
    if (!start) throw Object.assign(new Error("Choose one of the open times."), { field: "start" });
    let saved;
    if (moving) {
      saved = await api.post(`/patients/${patient.patient_id}/appointments/${appointment.appointment_id}/reschedule`,
        { start, provider_id: state.provider });
    } else {
      if (!data.reason) throw Object.assign(new Error("Say in a few words what the visit is for."), { field: "reason" });
      saved = await api.post(`/patients/${patient.patient_id}/appointments`, { visit_type_id: state.type.visit_type_id,
        provider_id: state.provider, start, reason: data.reason }, { headers: { "Idempotency-Key": key } });
    }
    dialog.close();
    onDone(saved, `${moving ? "Moved" : "Booked"}: ${state.type.name} for ${who} on ${dayWords(saved.date)} at ${timeWords(saved.time)}. `
      + `${patient.given_name} was told${moving ? " of the new time" : ""}.`);
  });

  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  drawProviders();
  dialog.showModal();
  await loadTimes();
  return dialog;
}
