// What the time grid's cells do: an open cell books it for a patient found by type-ahead
// (the directory search), a visit opens its actions: move (the staff booking dialog with a
// picker of open times), cancel (asks first) and the marks arrived, completed and no-show;
// a requested time (front desk) opens the request: approve it or decline it (asks first).
// Every change goes through the patient's own routes, so the patient is told exactly as
// when they act themselves.
import { api } from "../../api.js";
import { askFirst } from "../../ask.js";
import { formatDay, h, nextId } from "../../dom.js";
import { field, flash, onSubmit } from "../../forms.js";
import { inlineForm } from "../../health-form.js";
import { dayWords, STATUS, timeWords } from "../../appointments-common.js";
import { openBookingDialog } from "../../staff-booking.js";

function dialogBox(title, ...children) {
  const titleId = nextId("grid-dialog");
  const dialog = h("dialog", { class: "grid-dialog", "aria-labelledby": titleId },
    h("h2", { id: titleId }, title), ...children);
  // Back, forward or a link elsewhere leaves the page: its dialog goes with it.
  const leave = () => dialog.close();
  window.addEventListener("hashchange", leave, { once: true });
  dialog.addEventListener("close", () => { window.removeEventListener("hashchange", leave); dialog.remove(); });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

const closeButton = (dialog) => h("button", { type: "button", onclick: () => dialog.close() }, "Close");

/** A dialog's action: run it; on success close, say so and redraw the grid; on failure say why. */
const actor = (dialog, said, again) => async (button, run, message) => {
  button.disabled = true;
  try {
    await run();
  } catch (error) {
    said.textContent = error.message;
    said.hidden = false;
    button.disabled = false;
    return;
  }
  dialog.close();
  flash(message);
  again();
};

/** An open cell: find the patient (type-ahead), then book in the staff booking dialog. */
export function bookAt(column, cell, { again }) {
  const inputId = nextId("patient");
  const hintId = nextId("patient-hint");
  const found = h("p", { class: "small muted", role: "status" });
  const list = h("ul", { class: "list patient-choices" });
  const input = h("input", { id: inputId, type: "search", autocomplete: "off", "aria-describedby": hintId });
  const dialog = dialogBox(`Book ${timeWords(cell.time)}, ${dayWords(column.date)}`,
    h("p", {}, `With ${column.name}.`),
    h("div", { class: "field" }, h("label", { for: inputId }, "Patient"),
      h("p", { class: "hint", id: hintId }, "Type a name (“Alex Morgan” or “Morgan, A”), phone, date of birth or MRN."),
      input),
    found, list);
  dialog.append(h("div", { class: "actions" }, closeButton(dialog)));
  let asked = 0;
  let timer = null;
  const search = async () => {
    const text = input.value.trim();
    const mine = ++asked; // a slower earlier answer never overwrites a later one
    if (text.length < 2) {
      list.replaceChildren();
      found.textContent = "";
      return;
    }
    let result;
    try {
      result = await api.get("/patients", { q: text, limit: 8 });
    } catch (error) {
      if (mine === asked) found.textContent = error.message;
      return;
    }
    if (mine !== asked) return;
    found.textContent = result.items.length ? `${result.items.length} patient${result.items.length === 1 ? "" : "s"} found`
      : "No patients match.";
    list.replaceChildren(...result.items.map((p) => h("li", {}, h("button", { type: "button", class: "choice-button",
      onclick: () => choose(p) }, h("strong", {}, `${p.family_name}, ${p.given_name}`),
    ` · born ${formatDay(p.birth_date)} · MRN ${p.mrn}`))));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  const choose = async (patient) => {
    dialog.close();
    const types = (await api.get("/visit-types")).items;
    const fits = types.find((t) => t.providers.some((p) => p.provider_id === column.provider_id));
    await openBookingDialog({ patient,
      preset: { provider_id: column.provider_id, date: column.date, start: cell.start, visit_type_id: fits?.visit_type_id },
      onDone: (saved, message) => { flash(message); again(); } });
  };
  input.focus();
}

/** A video visit's link to the practice's video service (issue 17): overrides the clinician's. */
export function videoLinkForm(a, done) {
  if (a.mode !== "telehealth" || !["booked", "arrived"].includes(a.status)) return null;
  const form = h("form", { "aria-label": `Video link for ${a.patient_name} at ${timeWords(a.time)}` },
    field("Video visit link (https://…)", "telehealth_url", { type: "url", value: a.video_link || "",
      hint: "The patient sees it from 30 minutes before the visit." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "small primary" }, "Save link")));
  onSubmit(form, async (data) => {
    await api.put(`/patients/${a.patient_id}/appointments/${a.appointment_id}/video-link`, { telehealth_url: data.telehealth_url });
    flash(`Video link saved for ${a.patient_name} at ${timeWords(a.time)}.`);
    done();
  });
  return inlineForm(a.video_link ? "Change the video link" : "Add the video link", form);
}

/** A visit: its details, and what the practice may do with it now. */
export function openVisit(a, { again, canBook }) {
  const [label] = STATUS[a.status] || [a.status];
  const actions = h("div", { class: "actions" });
  const said = h("p", { class: "notice notice-error", role: "alert", hidden: true });
  const dialog = dialogBox(a.patient_name,
    h("dl", { class: "facts" },
      h("dt", {}, "When"), h("dd", {}, `${dayWords(a.date)} at ${timeWords(a.time)}`),
      h("dt", {}, "Visit"), h("dd", {}, `${a.visit_type_name}${a.mode === "telehealth" ? " (video)" : ""}`),
      h("dt", {}, "Clinician"), h("dd", {}, a.provider_name),
      h("dt", {}, "Status"), h("dd", {}, label),
      a.checked_in_online ? [h("dt", {}, "Check-in"), h("dd", {}, h("a", { href: `#/staff/checkin/${a.patient_id}/${a.appointment_id}`,
        onclick: (e) => e.currentTarget.closest("dialog").close() },
        "Checked in online: see what changed"))] : null,  // issue 17
      a.reason ? [h("dt", {}, "Reason"), h("dd", {}, a.reason)] : null),
    h("p", {}, h("a", { href: `#/staff/patients/${a.patient_id}` }, "Open the chart")),
    videoLinkForm(a, () => { dialog.close(); again(); }),
    said, actions);
  const act = actor(dialog, said, again);
  const post = (what, body = {}) => api.post(`/patients/${a.patient_id}/appointments/${a.appointment_id}/${what}`, body);
  const when = `${timeWords(a.time)} on ${dayWords(a.date)}`;
  const offer = () => {
    const buttons = [];
    if (canBook && a.status === "booked") {
      buttons.push(h("button", { type: "button", class: "primary", onclick: async () => {
        const patient = await api.get(`/patients/${a.patient_id}`);
        dialog.close();
        await openBookingDialog({ patient, appointment: a, onDone: (saved, message) => { flash(message); again(); } });
      } }, "Move to another time"));
      buttons.push(h("button", { type: "button", class: "danger", onclick: () => confirmCancel() }, "Cancel the visit"));
    }
    if (a.status === "booked") {
      buttons.push(h("button", { type: "button", onclick: (e) => act(e.currentTarget, () => post("status", { status: "arrived" }),
        `${a.patient_name} marked arrived.`) }, "Mark arrived"));
    }
    if (a.started && ["booked", "arrived"].includes(a.status)) {
      for (const [value, words] of [["fulfilled", "completed"], ["noshow", "a no-show"]]) {
        buttons.push(h("button", { type: "button", onclick: (e) => act(e.currentTarget, () => post("status", { status: value }),
          `${a.patient_name} marked ${words}.`) }, `Mark ${words}`));
      }
    }
    actions.replaceChildren(...buttons, closeButton(dialog));
  };
  const confirmCancel = () => {
    const yes = h("button", { type: "button", class: "danger", onclick: (e) => act(e.currentTarget, () => post("cancel"),
      `Cancelled: ${a.patient_name} at ${when}. The patient was told.`) }, "Yes, cancel the visit");
    actions.replaceChildren(h("p", { role: "status" }, `Cancel the visit of ${a.patient_name} at ${when}? The patient is told.`),
      yes, h("button", { type: "button", onclick: () => { offer(); actions.querySelector("button")?.focus(); } }, "Keep it"));
    yes.focus();
  };
  offer();
  actions.querySelector("button")?.focus();
}

/** The pending request at this clinician's time, from the front desk's queue (it pages). */
async function findRequest(column, request) {
  const at = new Date(request.start).getTime();
  let cursor = null;
  for (let page = 0; page < 10; page += 1) {
    const got = await api.get("/appointment-requests", { limit: 100, ...(cursor ? { cursor } : {}) });
    const hit = got.items.find((r) => r.provider_id === column.provider_id && new Date(r.start).getTime() === at);
    if (hit || !got.cursor) return hit || null;
    cursor = got.cursor;
  }
  return null;
}

/** A requested time (front desk): the request, approve it or decline it with a reason (asks first).
 * The same routes as the Visit requests page, so the patient is told the same way. */
export async function openRequest(column, request, { again }) {
  const said = h("p", { class: "notice notice-error", role: "alert", hidden: true });
  const actions = h("div", { class: "actions" });
  const toQueue = h("p", {}, h("a", { href: "#/staff/requests" }, "Open Visit requests"));
  const dialog = dialogBox(`Requested: ${timeWords(request.time)}, ${dayWords(column.date)}`, said);
  let r;
  try {
    r = await findRequest(column, request);
  } catch (error) {
    said.textContent = error.message;
    said.hidden = false;
  }
  if (!r) {
    if (said.hidden) dialog.append(h("p", { role: "status" }, "This request is no longer waiting. Refresh the grid."));
    dialog.append(toQueue, h("div", { class: "actions" }, closeButton(dialog)));
    dialog.querySelector(".actions button").focus();
    return;
  }
  const when = `${timeWords(r.time)} on ${dayWords(r.date)}`;
  const reason = field("Reason, if declining", "reason", { type: "textarea", rows: 2, hint: "The patient reads it in the portal." });
  const box = reason.querySelector("textarea");
  const act = actor(dialog, said, again);
  const path = `/patients/${r.patient_id}/appointments/${r.appointment_id}`;
  const decline = (button) => {
    if (!box.value.trim()) {
      said.textContent = "Tell the patient why, in a few words.";
      said.hidden = false;
      box.focus();
      return;
    }
    said.hidden = true;
    askFirst(button, { question: `Decline the request of ${r.patient_name} for ${when}? The patient is told.`,
      yes: "Yes, decline it", onYes: (yes) => act(yes, () => api.post(`${path}/decline`, { reason: box.value.trim() }),
        `Declined the request of ${r.patient_name}. The patient was told.`) });
  };
  dialog.append(
    h("dl", { class: "facts" },
      h("dt", {}, "Patient"), h("dd", {}, h("a", { href: `#/staff/patients/${r.patient_id}` }, r.patient_name)),
      h("dt", {}, "Visit"), h("dd", {}, `${r.visit_type_name}${r.mode === "telehealth" ? " (video)" : ""}`),
      h("dt", {}, "Clinician"), h("dd", {}, r.provider_name),
      h("dt", {}, "Requested"), h("dd", {}, when),
      r.reason ? [h("dt", {}, "Their words"), h("dd", {}, r.reason)] : null),
    reason, toQueue, actions);
  actions.append(
    h("button", { type: "button", class: "primary", onclick: (e) => act(e.currentTarget, () => api.post(`${path}/approve`, {}),
      `Booked ${r.patient_name} on ${dayWords(r.date)} at ${timeWords(r.time)}. The patient was told.`) }, "Approve this time"),
    h("button", { type: "button", class: "danger", onclick: (e) => decline(e.currentTarget) }, "Decline"),
    closeButton(dialog));
  actions.querySelector("button").focus();
}
