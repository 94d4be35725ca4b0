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
