// Words and helpers shared by the appointment pages (patient and staff).
import { api, request } from "./api.js";
import * as tokens from "./tokens.js";

const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
const SHORT_DAY = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });

/** "2026-12-03" -> "Thursday, December 3" (a practice calendar day). */
export function dayWords(date, { short = false } = {}) {
  const d = new Date(`${date}T00:00:00Z`);
  return (short ? SHORT_DAY : WEEKDAY).format(d);
}

/** "14:00" -> "2:00 PM" (practice local time). */
export function timeWords(hhmm) {
  const [hh, mm] = hhmm.split(":").map(Number);
  return `${((hh + 11) % 12) + 1}:${String(mm).padStart(2, "0")} ${hh >= 12 ? "PM" : "AM"}`;
}

export function zoneWords(timezone) {
  return timezone ? timezone.split("/").pop().replace(/_/g, " ") : "";
}

export const STATUS = {
  booked: ["Booked", "ok"], proposed: ["Requested: waiting for the practice", "warn"], cancelled: ["Cancelled", "bad"],
  declined: ["Declined", "bad"], arrived: ["Arrived", "ok"], fulfilled: ["Completed", ""], noshow: ["Missed", "bad"],
};

/** Download the visit as an .ics file (the API answers text/calendar). */
export async function downloadCalendar(patientId, appointmentId) {
  const path = `/patients/${patientId}/appointments/${appointmentId}/calendar`;
  const res = await fetch(`/api${path}`, { cache: "no-store", credentials: "omit",
    headers: { Authorization: `Bearer ${await tokens.accessToken()}` } });
  if (!res.ok) return request("GET", path); // throws with the API's message
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: "appointment.ics", hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

export function visitTypes() {
  return api.get("/visit-types");
}

/**
 * A deep link from an email names a visit (or an offer), not whose record it is: try the
 * open record first, then the others this user may open, and switch to the one that has it
 * (a caregiver's link about Sam opens Sam's record). `pathFor(patientId)` -> API path.
 */
export async function getForAnyPatient(pathFor) {
  const { currentPatient, patients, switchPatient } = await import("./session.js");
  const first = currentPatient();
  const order = [first, ...patients().filter((p) => p.patient_id !== first?.patient_id)].filter(Boolean);
  let missing = null;
  for (const p of order) {
    try {
      const found = await api.get(pathFor(p.patient_id));
      if (p.patient_id !== first?.patient_id) switchPatient(p.patient_id, { stay: true });
      return found;
    } catch (error) {
      if (error.status !== 404) throw error;
      missing = missing || error;
    }
  }
  throw missing || new Error("Not found.");
}

/** "2026-12-01T20:30:00Z" -> "2:30 PM" in the practice's time zone. */
export function instantTime(iso, timezone) {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: timezone })
    .format(new Date(iso));
}
