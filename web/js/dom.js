// Small DOM helpers. Everything from the API goes in as text nodes, never as HTML,
// so a name or note can never inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let uid = 0;
export function nextId(prefix = "f") {
  uid += 1;
  return `${prefix}-${uid}`;
}

// Dates and times are read in the practice's time zone, whatever the device's zone
// (a patient travelling, a laptop set to UTC): "today" and every timestamp are the
// practice's. app.js sets the zone from GET /practice before any page renders.
let practiceZone = "America/Chicago";
const formats = new Map();

export function setPracticeZone(zone) {
  if (zone && zone !== practiceZone) {
    practiceZone = zone;
    formats.clear();
  }
}

export function getPracticeZone() {
  return practiceZone;
}

function format(name, options) {
  if (!formats.has(name)) formats.set(name, new Intl.DateTimeFormat("en-US", options));
  return formats.get(name);
}

/** "1984-03-12" -> "March 12, 1984" (a calendar day); a timestamp -> its day in practice time. */
export function formatDay(value) {
  if (!value) return "";
  const isDay = value.length <= 10;
  const date = new Date(isDay ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return format(isDay ? "day" : "day-local", { dateStyle: "long", timeZone: isDay ? "UTC" : practiceZone }).format(date);
}

/** A timestamp in practice time, in words: "Tue, Dec 1, 2026, 9:01 PM". */
export function formatTime(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return format("time", { weekday: "short", month: "short", day: "numeric", year: "numeric", hour: "numeric",
                          minute: "2-digit", timeZone: practiceZone }).format(date);
}

/** The practice's calendar day now, "2026-12-01" (not the device's, not UTC's). */
export function practiceToday(offsetDays = 0) {
  const parts = format("iso-day", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: practiceZone })
    .formatToParts(new Date());
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const day = new Date(Date.UTC(get("year"), get("month") - 1, get("day") + offsetDays));
  return day.toISOString().slice(0, 10);
}

/** "+13125550101" -> "(312) 555-0101" for North American numbers; others as stored. */
export function formatPhone(value) {
  if (!value) return "";
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : value;
}

/** What people type ("312 555 0101", "(312) 555-0101") -> the E.164 form the API takes. */
export function toE164(value) {
  const raw = (value || "").trim();
  if (!raw) return null;
  const digits = raw.replace(/[^\d]/g, "");
  if (raw.startsWith("+")) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return raw; // let the API name the field if it is still wrong
}

export function formatAddress(address) {
  if (!address || !address.line1) return "";
  const cityLine = [address.city, [address.state, address.postal_code].filter(Boolean).join(" ")]
    .filter(Boolean).join(", ");
  return [address.line1, address.line2, cityLine].filter(Boolean).join("\n");
}

export function fullName(person) {
  return person ? `${person.given_name} ${person.family_name}` : "";
}

export function age(birthDate) {
  if (!birthDate) return null;
  const born = new Date(`${birthDate}T00:00:00Z`);
  const now = new Date(`${practiceToday()}T00:00:00Z`);
  let years = now.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday = now.getUTCMonth() < born.getUTCMonth()
    || (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) years -= 1;
  return years;
}
