// Front desk and admin: scheduling setup, one tab each: visit types, weekly hours,
// holidays, blocked time and the booking rules patients book under.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { checkbox, field, flash, notice, onSubmit, takeFlash } from "../../forms.js";
import { dayWords } from "../../appointments-common.js";
import { inlineForm } from "../../health-form.js";

const TABS = [["types", "Visit types"], ["hours", "Hours"], ["holidays", "Holidays"], ["blocks", "Blocked time"],
  ["rules", "Booking rules"]];
const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"],
  ["sat", "Saturday"], ["sun", "Sunday"]];
const MODES = [["book", "Patients book online"], ["request", "Patients request; the practice confirms"],
  ["view-only", "Shown only: patients call to book"]];

const fail = (field, message) => Object.assign(new Error(message), { field });

export async function render({ query, go, path }) {
  const tab = TABS.some(([k]) => k === query.get("tab")) ? query.get("tab") : "types";
  const setup = await api.get("/scheduling");
  const status = takeFlash(notice());
  const again = (message) => { flash(message); go(`${path}?tab=${tab}`); };
  const body = await { types: typesTab, hours: hoursTab, holidays: holidaysTab, blocks: blocksTab, rules: rulesTab }[tab](
    setup, again);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Scheduling setup"),
      h("p", {}, `What patients can book, when, and under which rules. Times are ${setup.timezone.replace("_", " ")} time.`))),
    h("nav", { class: "tabs", "aria-label": "Parts of the scheduling setup" }, h("ul", {}, TABS.map(([key, label]) =>
      h("li", {}, h("a", { href: `#/staff/scheduling?tab=${key}`, "aria-current": key === tab ? "page" : null }, label))))),
    status, body,
  ];
}

function typeForm(setup, type, again) {
  const form = h("form", { "aria-label": type ? `Edit ${type.name}` : "New visit type" },
    h("div", { class: "grid-2" },
      field("Name", "name", { value: type ? type.name : "" }),
      field("Length in minutes", "duration_minutes", { type: "number", value: type ? type.duration_minutes : 20, inputmode: "numeric" }),
      field("How patients get it", "mode", { options: MODES, value: type ? type.mode : "book" }),
      field("Video visit link (optional, https://…)", "telehealth_url", { type: "url", value: (type && type.telehealth_url) || "",
        hint: "Used when the clinician has no link of their own (Hours tab)." })),
    checkbox("Video visit (the portal shows the practice's video link and a camera check)", "telehealth",
      { checked: Boolean(type && (type.telehealth || type.telehealth_url)) }),
    field("What to bring (optional)", "bring", { type: "textarea", rows: 3, value: (type && type.bring) || "",
      hint: "Shown on each visit of this type and in the reminder email. General instructions only: nothing about one patient." }),
    h("fieldset", { dataset: { field: "provider_ids" } }, h("legend", {}, "Clinicians who see it"),
      setup.providers.map((p) => checkbox(p.name, `provider:${p.provider_id}`,
        { checked: type ? type.provider_ids.includes(p.provider_id) : true })),
      h("p", { class: "error", hidden: true })),
    type ? checkbox("Offered to patients", "active", { checked: type.active }) : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, type ? "Save" : "Add visit type")));
  onSubmit(form, async (data) => {
    const body = { name: data.name, duration_minutes: Number.parseInt(data.duration_minutes, 10), mode: data.mode,
      provider_ids: setup.providers.filter((p) => data[`provider:${p.provider_id}`]).map((p) => p.provider_id) };
    if (data.telehealth_url || type?.telehealth_url) body.telehealth_url = data.telehealth_url || "";
    if (data.telehealth || type) body.telehealth = Boolean(data.telehealth);
    if (data.bring || type?.bring) body.bring = data.bring || "";
    if (type) {
      body.active = data.active;
      await api.patch(`/scheduling/visit-types/${type.visit_type_id}`, body);
    } else {
      await api.post("/scheduling/visit-types", body);
    }
    again(`${data.name} saved.`);
  });
  return form;
}

function typesTab(setup, again) {
  const mode = Object.fromEntries(MODES);
  return h("section", { class: "panel", "aria-label": "Visit types" },
    h("ul", { class: "list" }, setup.visit_types.map((t) => h("li", {},
      h("div", { class: "row" }, h("strong", {}, t.name),
        h("span", { class: `badge ${t.active ? "ok" : ""}` }, t.active ? "Offered" : "Retired")),
      h("p", { class: "small muted" }, `${t.duration_minutes} minutes · ${mode[t.mode]}`),
      inlineForm(`Edit ${t.name}`, typeForm(setup, t, again))))),
    inlineForm("Add a visit type", typeForm(setup, null, again)));
}

function hoursTab(setup, again) {
  return setup.providers.map((p) => {
    const form = h("form", { "aria-label": `Weekly hours of ${p.name}` },
      h("p", { class: "hint" }, "Up to two periods a day (for example a morning and an afternoon). Leave a day empty when closed."),
      h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, ["Day", "From", "To", "Then from", "To"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, DAYS.map(([day, label]) => {
          const windows = (p.weekly || {})[day] || [];
          const cell = (i, edge) => h("td", {}, h("input", { type: "time", name: `${day}.${i}.${edge}`,
            value: windows[i] ? windows[i][edge] : "", "aria-label": `${label} ${i ? "second" : "first"} period ${edge === "start" ? "from" : "to"}` }));
          return h("tr", { dataset: { field: `weekly.${day}` } }, h("th", { scope: "row" }, label),
            cell(0, "start"), cell(0, "end"), cell(1, "start"), h("td", {}, cell(1, "end").firstChild,
              h("p", { class: "error", hidden: true })));
        })))),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, `Save hours of ${p.name}`)));
    onSubmit(form, async (data) => {
      const weekly = {};
      for (const [day, label] of DAYS) {
        weekly[day] = [];
        for (const i of [0, 1]) {
          const start = data[`${day}.${i}.start`];
          const end = data[`${day}.${i}.end`];
          if (!start && !end) continue;
          if (!start || !end || start >= end) throw fail(`weekly.${day}`, `${label}: each period needs a start before its end.`);
          weekly[day].push({ start, end });
        }
      }
      await api.put(`/scheduling/providers/${p.provider_id}/hours`, { weekly });
      again(`Hours of ${p.name} saved. New bookings follow them at once.`);
    });
    const link = h("form", { "aria-label": `Video visit link of ${p.name}` },
      field("Video visit link (optional, https://…)", "telehealth_url", { type: "url", value: p.telehealth_url || "",
        hint: "The practice's video service room of this clinician: their video visits use it. The portal hosts no video." }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, `Save video link of ${p.name}`)));
    onSubmit(link, async (data) => {
      await api.put(`/scheduling/providers/${p.provider_id}/video-link`, { telehealth_url: data.telehealth_url || "" });
      again(`Video link of ${p.name} saved. Visits booked from now on use it.`);
    });
    return h("section", { class: "panel", "aria-labelledby": `hours-${p.provider_id}` },
      h("h2", { id: `hours-${p.provider_id}` }, p.name),
      p.has_hours ? null : h("p", { class: "notice notice-info" },
        "No hours yet: patients cannot book this clinician and the schedule shows no time for them until hours are saved."),
      form, link);
  });
}

function holidaysTab(setup, again) {
  const form = h("form", { "aria-labelledby": "holiday-h" }, h("h2", { id: "holiday-h" }, "Close the practice on a day"),
    h("div", { class: "grid-2" }, field("Date", "day", { type: "date" }), field("Name", "name", { hint: "For example Thanksgiving." })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Add holiday")));
  onSubmit(form, async (data) => {
    if (!data.day) throw fail("day", "Choose the date.");
    await api.put(`/scheduling/holidays/${data.day}`, { name: data.name });
    again(`The practice is closed on ${dayWords(data.day)}.`);
  });
  return h("section", { class: "panel", "aria-label": "Holidays" },
    setup.holidays.length ? h("ul", { class: "list" }, setup.holidays.map((d) => h("li", { class: "row" },
      h("span", {}, h("strong", {}, dayWords(d.date)), ` · ${d.name}`),
      h("button", { type: "button", class: "small danger", onclick: async (e) => {
        e.currentTarget.disabled = true;
        await api.del(`/scheduling/holidays/${d.date}`);
        again(`${d.name} removed: the practice is open that day.`);
      } }, "Remove", h("span", { class: "visually-hidden" }, ` ${d.name}`)))))
      : h("p", { class: "empty" }, "No holidays."),
    form);
}

/** "2026-12-01T14:00:00Z" -> "Tue, Dec 1, 2:00 PM" in the practice's time zone. */
function practiceTime(setup, iso) {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", hour: "numeric",
    minute: "2-digit", timeZone: setup.timezone }).format(new Date(iso));
}

async function blocksTab(setup, again) {
  const blocks = (await api.get("/scheduling/blocks")).items
    .sort((a, b) => a.start.localeCompare(b.start));
  const names = Object.fromEntries(setup.providers.map((p) => [p.provider_id, p.name]));
  const whose = (b) => (b.provider_id && b.provider_id !== "*" ? names[b.provider_id] || "A clinician" : "Whole practice");
  const form = h("form", { "aria-labelledby": "block-h" }, h("h2", { id: "block-h" }, "Block time"),
    h("p", { class: "hint" }, "Patients cannot book in blocked time (vacation, meetings, training). Visits already booked stay."),
    h("div", { class: "grid-2" },
      field("Clinician", "provider_id", { options: [["", "Whole practice"],
        ...setup.providers.map((p) => [p.provider_id, p.name])], value: setup.providers.length === 1 ? setup.providers[0].provider_id : "" }),
      field("Label (optional)", "label", { hint: "For example Vacation or Staff meeting.", maxlength: 80 }),
      field("From", "start", { type: "datetime-local" }),
      field("Until", "end", { type: "datetime-local" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Block this time")));
  onSubmit(form, async (data) => {
    if (!data.start) throw fail("start", "Choose when the blocked time starts.");
    if (!data.end) throw fail("end", "Choose when the blocked time ends.");
    const body = { start: data.start, end: data.end };
    if (data.provider_id) body.provider_id = data.provider_id;
    if (data.label) body.label = data.label;
    const made = await api.post("/scheduling/blocks", body);
    again(`Blocked: ${whose(made)}, ${practiceTime(setup, made.start)} to ${practiceTime(setup, made.end)}.`);
  });
  return h("section", { class: "panel", "aria-label": "Blocked time" },
    blocks.length ? h("ul", { class: "list" }, blocks.map((b) => h("li", { class: "row" },
      h("span", {}, h("strong", {}, `${practiceTime(setup, b.start)} – ${practiceTime(setup, b.end)}`),
        ` · ${whose(b)} · ${b.label}`),
      h("button", { type: "button", class: "small danger", onclick: async (e) => {
        e.currentTarget.disabled = true;
        await api.del(`/scheduling/blocks/${b.block_id}`);
        again(`${b.label} removed: that time is open again.`);
      } }, "Remove", h("span", { class: "visually-hidden" }, ` ${b.label}, ${whose(b)}, ${practiceTime(setup, b.start)}`)))))
      : h("p", { class: "empty" }, "No blocked time coming up."),
    form);
}

function rulesTab(setup, again) {
  const r = setup.rules;
  const form = h("form", { "aria-label": "Booking rules" },
    field("Patients may cancel or move a visit until (hours before it)", "cancel_cutoff_hours", { type: "number", value: r.cancel_cutoff_hours }),
    field("Earliest booking (minutes from now)", "min_notice_minutes", { type: "number", value: r.min_notice_minutes }),
    field("Latest booking (days ahead)", "horizon_days", { type: "number", value: r.horizon_days }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save rules")));
  onSubmit(form, async (data) => {
    const body = {};
    for (const name of ["cancel_cutoff_hours", "min_notice_minutes", "horizon_days"]) {
      if (!/^\d+$/.test(data[name])) throw fail(name, "Type a whole number.");
      body[name] = Number.parseInt(data[name], 10);
    }
    await api.patch("/scheduling/rules", body);
    again("Booking rules saved.");
  });
  return h("section", { class: "panel" }, form);
}
