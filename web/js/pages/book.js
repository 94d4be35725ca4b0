// Book (or reschedule) a visit: visit type -> clinician -> day -> time -> confirm.
// Each step is a group of radio buttons; the next step appears once one is chosen.
// Days come two weeks at a time, as far ahead as the practice's rules allow
// ("Show later days"); a time inside the change cutoff says so before it is chosen.
import { api } from "../api.js";
import { h, nextId } from "../dom.js";
import { checkbox, field, flash, onSubmit } from "../forms.js";
import { dayWords, timeWords, visitTypes, zoneWords } from "../appointments-common.js";
import * as session from "../session.js";

function choices(legend, name, options, onChoose, { hint = "", compact = false } = {}) {
  const hintId = hint ? nextId(`${name}-hint`) : null; // read out on entering the group
  const group = h("fieldset", { class: compact ? "choices times" : "choices", "aria-describedby": hintId },
    h("legend", {}, legend), hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("div", { class: "choice-list" }, options.map(([value, label, detail, disabled]) => {
      const id = nextId(name);
      return h("div", { class: "choice" },
        h("input", { type: "radio", name, id, value, disabled: Boolean(disabled),
          onchange: () => onChoose(value) }),
        h("label", { for: id }, h("span", {}, label), detail ? h("span", { class: "small muted" }, detail) : null));
    })));
  return group;
}

/** "2026-12-01" + 14 -> "2026-12-15" (calendar days, no time zone involved). */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function render({ query, go }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}/appointments`;
  const moving = query.get("reschedule");
  const { items: types } = await visitTypes();
  const state = { type: null, provider: null, date: null, slot: null, slots: null, loading: false };
  const steps = h("div", { class: "steps" });
  const key = crypto.randomUUID(); // one booking, however often the button is pressed
  let browsing = false; // the last key pressed in the steps was an arrow key
  steps.addEventListener("keydown", (event) => { browsing = event.key.startsWith("Arrow"); });
  steps.addEventListener("pointerdown", () => { browsing = false; });

  const draw = () => {
    // Arrow keys in a radio group choose the next option, and choosing redraws the steps:
    // keep the keyboard where it was (on the group's chosen option), not on the page.
    const focused = steps.contains(document.activeElement) && document.activeElement.name;
    const parts = [];
    if (!moving) {
      parts.push(choices("1. What kind of visit?", "visit_type", types.map((t) => [t.visit_type_id, t.name,
        t.mode === "view-only" ? "Call the practice to book this visit" : `${t.duration_minutes} minutes${t.mode === "request" ? " · the practice confirms the time" : ""}${t.telehealth ? " · video" : ""}`,
        t.mode === "view-only"]), chooseType));
    }
    if (state.type) {
      parts.push(choices(`${moving ? 1 : 2}. With whom?`, "provider", state.type.providers.map((p) => [p.provider_id, p.name]), chooseProvider));
    }
    if (state.provider && state.slots) {
      parts.push(state.slots.dates.length
        ? choices(`${moving ? 2 : 3}. Which day?`, "day", state.slots.dates.map((d) => [d.date, dayWords(d.date), `${d.slots.length} times open`]), chooseDay)
        : h("p", { class: "notice notice-info" }, state.slots.more ? "No open times in these two weeks."
          : `No open times before ${dayWords(state.slots.last_date)}. Call the practice and we will find one.`));
      if (state.slots.more) {
        parts.push(h("p", {}, h("button", { type: "button", class: "secondary", disabled: state.loading, onclick: showLater },
          "Show later days")));
      }
    }
    if (state.date) {
      const day = state.slots.dates.find((d) => d.date === state.date);
      // Inside the cutoff: said once for the day when every time is, on each such time when
      // only some are (the API says which, per slot).
      const locked = day.slots.filter((s) => !s.changeable_online).length;
      const all = locked === day.slots.length;
      const away = `less than ${cutoffWords()} away`;
      parts.push(choices(`${moving ? 3 : 4}. What time?`, "time", day.slots.map((s) => [s.start, timeWords(s.time),
        s.changeable_online || all ? "" : "Can't be changed online once booked"]), chooseTime,
      { hint: `${zoneWords(state.slots.timezone)} time.${all
        ? ` Every time on this day is ${away}: once booked, the visit can't be changed or cancelled online (call the practice to change it).`
        : locked ? ` A visit ${away} can't be changed or cancelled online once booked: to change it, call the practice.` : ""}`,
      compact: true }));
    }
    if (state.slot) parts.push(confirm());
    steps.replaceChildren(...parts);
    restoreChecks();
    if (focused) steps.querySelector(`input[name=${focused}]:checked`)?.focus();
  };

  const cutoffWords = () => {
    const hours = state.slots.cancel_cutoff_hours;
    return hours % 24 === 0 ? (hours === 24 ? "a day" : `${hours / 24} days`) : `${hours} hours`;
  };

  // Two weeks per call (the most one answer covers), from today to the rules' last bookable
  // day; an empty fortnight fetches the next one rather than saying "none" while later days are open.
  const loadDays = async (from) => {
    const found = await api.get("/availability", { visit_type_id: state.type.visit_type_id, provider_id: state.provider,
      days: 14, ...(from ? { from } : {}) });
    const next = addDays(found.from, found.days);
    return { ...found, dates: found.dates, next, more: next <= found.last_date };
  };
  const loadUntilOpen = async (from) => {
    let page = await loadDays(from);
    while (!page.dates.length && page.more) page = await loadDays(page.next);
    return page;
  };
  const showLater = async () => {
    state.loading = true;
    draw();
    const page = await loadUntilOpen(state.slots.next);
    Object.assign(state, { loading: false, date: null, slot: null,
      slots: { ...page, dates: [...state.slots.dates, ...page.dates] } });
    draw();
    const first = page.dates[0] && steps.querySelector(`input[name=day][value="${CSS.escape(page.dates[0].date)}"]`);
    first?.focus();
  };

  const restoreChecks = () => {
    for (const [name, value] of [["visit_type", state.type?.visit_type_id], ["provider", state.provider],
      ["day", state.date], ["time", state.slot?.start]]) {
      const input = value && steps.querySelector(`input[name=${name}][value="${CSS.escape(value)}"]`);
      if (input) input.checked = true;
    }
  };

  const chooseType = (id) => {
    Object.assign(state, { type: types.find((t) => t.visit_type_id === id), provider: null, date: null, slot: null, slots: null });
    if (state.type.providers.length === 1) return chooseProvider(state.type.providers[0].provider_id);
    draw();
  };
  const chooseProvider = async (id) => {
    Object.assign(state, { provider: id, date: null, slot: null, slots: null });
    state.slots = await loadUntilOpen(null);
    draw();
  };
  const chooseDay = (date) => {
    Object.assign(state, { date, slot: null });
    draw();
    // On a phone the times are below the fold: bring them up, or the choice seems to do nothing.
    const times = steps.querySelector("fieldset.times");
    const top = times.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) {
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      times.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    }
  };
  const chooseTime = (start) => {
    state.slot = state.slots.dates.find((d) => d.date === state.date).slots.find((s) => s.start === start);
    draw();
    // A click or Space chooses: go to the confirmation. An arrow key only browses the
    // times: the keyboard stays in the group (the confirmation is the next Tab stop).
    if (!browsing) steps.querySelector(".confirm-step h2").focus();
  };

  const confirm = () => {
    const providerName = state.type.providers.find((p) => p.provider_id === state.provider).name;
    const request = state.type.mode === "request";
    const form = h("form", { class: "panel confirm-step", "aria-labelledby": "confirm-h" },
      h("h2", { id: "confirm-h", tabindex: "-1" }, moving ? "Move my visit to" : request ? "Ask for this visit" : "Confirm your visit"),
      h("p", {}, h("strong", {}, `${state.type.name} with ${providerName}`)),
      h("p", {}, `${dayWords(state.date)} at ${timeWords(state.slot.time)} (${zoneWords(state.slots.timezone)} time)`),
      state.slot.changeable_online ? null : h("p", { class: "notice notice-warn" },
        `This visit is less than ${cutoffWords()} away: once booked, it can't be changed or cancelled online. To change it, call the practice.`),
      request ? h("p", { class: "muted" }, "The practice confirms the time, or offers another, by email.") : null,
      moving ? null : field("What is the visit for?", "reason", { type: "textarea", rows: 2,
        hint: "A few words for the clinician. Not for emergencies: call 911." }),
      moving || request ? null : checkbox("Tell me if an earlier time of this visit opens", "waitlist",
        { hint: "The first patient to accept an earlier time gets it; your visit then moves there." }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" },
        moving ? "Move my visit" : request ? "Send request" : "Book visit")));
    onSubmit(form, async (data) => {
      if (moving) {
        await api.post(`${base}/${moving}/reschedule`, { start: state.slot.start, provider_id: state.provider });
        flash(`${session.whose({ capital: true })} visit is moved to ${dayWords(state.date)} at ${timeWords(state.slot.time)}.`);
      } else {
        if (!data.reason) throw Object.assign(new Error("Say in a few words what the visit is for."), { field: "reason" });
        const made = await api.post(base, { visit_type_id: state.type.visit_type_id, provider_id: state.provider,
          start: state.slot.start, reason: data.reason, ...(data.waitlist ? { waitlist: true } : {}) },
        { headers: { "Idempotency-Key": key } });
        flash(made.status === "proposed" ? "Request sent. The practice will confirm the time by email."
          : `Booked: ${state.type.name} on ${dayWords(state.date)} at ${timeWords(state.slot.time)}.`);
      }
      go("/appointments");
    });
    return form;
  };

  if (moving) {
    const current = await api.get(`${base}/${moving}`);
    state.type = types.find((t) => t.visit_type_id === current.visit_type_id);
    if (!state.type) throw new Error("This visit cannot be moved online. Call the practice.");
    await chooseProvider(current.provider_id);
  } else {
    draw();
  }
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/appointments" }, "← Appointments")),
      h("h1", {}, moving ? "Reschedule a visit" : "Book a visit"),
      h("p", {}, "For emergencies call 911. For anything urgent today, call the practice."))),
    h("section", { class: "panel" }, steps),
  ];
}
