// Who is signed in, whose record is open, and signing out.
import { api } from "./api.js";
import * as tokens from "./tokens.js";

const PATIENT_KEY = "portal.patient"; // an opaque id, so a reload reopens the same record

let me = null;
let practice = null;

export function user() {
  return me;
}

export function isStaff() {
  return Boolean(me && me.is_staff);
}

export function hasRole(...roles) {
  return Boolean(me && me.roles.some((r) => roles.includes(r)));
}

export async function signedIn(tokenSet) {
  tokens.store(tokenSet);
  return loadMe();
}

export async function loadMe() {
  me = await api.get("/me");
  const wanted = sessionStorage.getItem(PATIENT_KEY);
  if (!me.patients.some((p) => p.patient_id === wanted)) {
    sessionStorage.removeItem(PATIENT_KEY);
  }
  return me;
}

/** The records this user may open: their own first, then each proxy grant. */
export function patients() {
  return me ? me.patients : [];
}

export function currentPatient() {
  if (!me || !me.patients.length) return null;
  const wanted = sessionStorage.getItem(PATIENT_KEY);
  return me.patients.find((p) => p.patient_id === wanted) || me.patients[0];
}

export function currentPatientId() {
  const p = currentPatient();
  return p ? p.patient_id : null;
}

/** Open another record. `stay`: the page already shows an item of it (a deep link). */
export function switchPatient(patientId, { stay = false } = {}) {
  if (!me.patients.some((p) => p.patient_id === patientId)) return;
  sessionStorage.setItem(PATIENT_KEY, patientId);
  window.dispatchEvent(new CustomEvent("portal:patient-changed", { detail: { stay } }));
}

/** Is the open record the user's own (not a proxy)? */
export function viewingSelf() {
  const p = currentPatient();
  return Boolean(p && p.access === "self");
}

/**
 * Whose record, in words: "your" for one's own, "Sam's" for a record opened as a proxy, so
 * a caregiver never reads "Your visits" over a child's. `capital` for the start of a sentence.
 */
export function whose({ capital = false } = {}) {
  const p = currentPatient();
  if (!p || p.access === "self") return capital ? "Your" : "your";
  return `${p.given_name}'s`;
}

export async function practiceInfo({ fresh = false } = {}) {
  if (!practice || fresh) practice = await api.get("/practice", undefined, { auth: false });
  return practice;
}

export function setPracticeInfo(value) {
  practice = value;
}

/**
 * Sign out and forget everything: revoke the tokens at the API (best effort),
 * clear this tab's storage, then reload so no record stays in memory or on screen.
 */
export async function signOut(reason = "") {
  if (tokens.hasSession()) {
    try {
      await api.post("/auth/sign-out", {});
    } catch {
      // already signed out or offline: forgetting locally is what matters here
    }
  }
  tokens.forget();
  me = null;
  sessionStorage.clear();
  window.location.hash = reason ? `#/sign-in?reason=${encodeURIComponent(reason)}` : "#/sign-in";
  window.location.reload();
}
