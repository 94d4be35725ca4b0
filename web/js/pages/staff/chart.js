// Staff: one patient's chart. Portal access (invite, re-invite, unlock), contact
// details, proxy access; each action shown only to the roles that may use it.
import { api } from "../../api.js";
import { age, formatAddress, formatDay, formatPhone, formatTime, fullName, h } from "../../dom.js";
import { field, notice, onSubmit, phoneValue } from "../../forms.js";
import * as session from "../../session.js";
import { jumpNav } from "../../jump.js";
import { pharmacySection } from "../../pharmacy.js";
import { actor, statusBadge } from "./common.js";
import { appointmentsSection } from "./chart-appointments.js";
import { documentsSection } from "./chart-documents.js";
import { healthSection } from "./chart-health.js";
import { visitsSection } from "./chart-visits.js";
import { proxySection } from "./proxies.js";
import { resultsSection } from "./chart-results.js";
import { questionnairesSection } from "./chart-questionnaires.js";
import { inPortalSection } from "./chart-in-portal.js";

const CHART_KEEPERS = ["provider", "nurse", "front_desk", "admin"];
const DESK = ["front_desk", "admin"];
const CLINICIANS = ["provider", "nurse"];
const DOCUMENT_ROLES = ["provider", "nurse", "front_desk", "billing"];

function doneMessage(done) {
  if (!done) return null;
  if (done.startsWith("invited:")) {
    return ["ok", `Patient created. The invitation email was sent; the code expires on ${formatDay(done.slice(8))}.`];
  }
  if (done === "renamed") return ["ok", "Name corrected. The directory and the schedule show the new name."];
  if (done === "invite-failed") return ["error", "Patient created, but the invitation could not be sent. Check the email address and send it below."];
  return ["ok", "Patient created."];
}

export async function render({ params, query, go }) {
  const patient = await api.get(`/patients/${params.id}`);
  const done = doneMessage(query.get("done"));
  const sections = [
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/staff" }, "← Patients")),
      h("h1", {}, fullName(patient)),
      h("p", {}, `MRN ${patient.mrn} · born ${formatDay(patient.birth_date)} (${age(patient.birth_date)}) · `, statusBadge(patient.account_status))),
    session.hasRole("admin") ? h("a", { class: "button", href: `#/staff/audit?patient=${patient.patient_id}` }, "Audit log") : null),
    done ? h("p", { class: `notice notice-${done[0]}`, role: "status" }, done[1]) : null,
    jumpLinks(),
    session.hasRole(...CHART_KEEPERS) ? inPortalSection(patient) : null,
    portalSection(patient),
    appointmentsSection(patient),
    detailsSection(patient, go),
    pharmacySection(patient.patient_id, { canEdit: session.hasRole(...CHART_KEEPERS) }),
  ];
  // Clinical parts only for the clinicians who treat the patient (minimum necessary).
  if (session.hasRole(...CLINICIANS)) {
    sections.push(healthSection(patient.patient_id), visitsSection(patient.patient_id), resultsSection(patient.patient_id),
      questionnairesSection(patient.patient_id));
  }
  if (session.hasRole(...DOCUMENT_ROLES)) sections.push(documentsSection(patient.patient_id));
  if (session.hasRole(...CHART_KEEPERS)) sections.push(proxySection(patient, session.hasRole(...DESK)));
  return sections;
}

function jumpLinks() {
  const links = [["portal-h", "Portal access"], ["chart-appointments-h", "Appointments"], ["details-h", "Contact details"]];
  if (session.hasRole(...CLINICIANS)) {
    links.push(["chart-health-h", "Health summary"], ["chart-visits-h", "Visit summaries"], ["chart-results-h", "Test results"],
      ["chart-questionnaires-h", "Questionnaires"]);
  }
  if (session.hasRole(...DOCUMENT_ROLES)) links.push(["chart-docs-h", "Documents"]);
  if (session.hasRole(...CHART_KEEPERS)) links.push(["proxy-h", "Proxy access"]);
  return jumpNav("Sections of this chart", links);
}

function portalSection(patient) {
  const status = notice();
  const body = h("div", {});
  const canInvite = session.hasRole(...CHART_KEEPERS);
  const canUnlock = session.hasRole(...DESK);
  const act = actor(status);
  if (patient.account_status === "active") {
    body.append(h("p", {}, "The patient uses the portal."));
    if (canUnlock) {
      const unlock = h("button", { type: "button", onclick: () => act(unlock, async () => {
        await api.post(`/patients/${patient.patient_id}/unlock`, {});
        return "Sign-in is unlocked. The patient can try again now.";
      }) }, "Unlock sign-in");
      body.append(h("p", { class: "muted small" }, "After too many wrong passwords the account locks for a while. "
        + "Unlock it once you have confirmed who is calling."), unlock);
    }
  } else if (canInvite) {
    const invited = patient.account_status === "invited";
    const send = h("button", { type: "button", class: "primary", onclick: () => act(send, async () => {
      const sent = await api.post(`/patients/${patient.patient_id}/invitation`, {});
      send.textContent = "Re-send invitation";
      return `Invitation sent to ${patient.email}. The code expires on ${formatDay(sent.expires_on)}.`;
    }) }, invited ? "Re-send invitation" : "Send invitation");
    body.append(
      h("p", {}, invited ? "Invited; the patient has not activated the account yet. Re-sending cancels the earlier code."
        : "The patient has not been invited to the portal yet."),
      patient.email ? send : h("p", { class: "muted" }, "Add an email address below to send the invitation."));
  } else {
    body.append(h("p", {}, "The patient has not activated a portal account."));
  }
  return h("section", { class: "panel", "aria-labelledby": "portal-h" },
    h("h2", { id: "portal-h" }, "Portal access"), portalFacts(patient), status, body);
}

/** A legal name change or a typo: the directory's name index follows (PUT .../name). */
function renameForm(patient, go) {
  const form = h("form", { "aria-label": "Correct the name" },
    h("p", { class: "hint" }, "As on the patient's ID. Searches find the new name at once."),
    h("div", { class: "grid-2" },
      field("Given name", "given_name", { value: patient.given_name, autocomplete: "off" }),
      field("Family name", "family_name", { value: patient.family_name, autocomplete: "off" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save the name")));
  onSubmit(form, async (data) => {
    await api.put(`/patients/${patient.patient_id}/name`, { given_name: data.given_name, family_name: data.family_name });
    go(`/staff/patients/${patient.patient_id}?done=renamed`);
  });
  return h("details", {}, h("summary", {}, "Correct the name"), form);
}

/** The patient's portal state, as the front desk needs it on the phone. */
function portalFacts(patient) {
  const portal = patient.portal || { status: patient.account_status };
  const prefs = patient.preferences || {};
  const channels = [prefs.email ? "email" : null, prefs.sms ? "text message" : null].filter(Boolean);
  const state = { active: "Uses the portal", invited: "Invitation sent, not activated yet" }[portal.status] || "Not invited yet";
  return h("dl", { class: "facts", "data-testid": "portal-state" },
    h("dt", {}, "Portal"), h("dd", {}, state, portal.disabled ? " (account turned off)" : ""),
    h("dt", {}, "Last invitation"), h("dd", {}, portal.invited_at ? formatTime(portal.invited_at) : "—"),
    h("dt", {}, "Last sign-in"), h("dd", {}, portal.last_sign_in_at ? formatTime(portal.last_sign_in_at)
      : portal.status === "active" ? "Not since activating" : "—"),
    h("dt", {}, "Two-step sign-in"), h("dd", {}, portal.mfa ? "On" : "Off"),
    h("dt", {}, "Notices by"), h("dd", {}, channels.length ? channels.join(" and ") : "none (the patient turned them off)"));
}

function detailsSection(patient, go) {
  const a = patient.address || {};
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Sex"), h("dd", {}, patient.sex),
    h("dt", {}, "Email"), h("dd", {}, patient.email || "—"),
    h("dt", {}, "Phone"), h("dd", {}, formatPhone(patient.phone) || "—"),
    h("dt", {}, "Address"), h("dd", {}, formatAddress(patient.address) || "—"));
  const section = h("section", { class: "panel", "aria-labelledby": "details-h" },
    h("h2", { id: "details-h" }, "Contact details"), facts);
  if (!session.hasRole(...CHART_KEEPERS)) return section;
  const form = h("form", { "aria-label": "Edit contact details" },
    h("div", { class: "grid-2" },
      field("Email", "email", { type: "email", value: patient.email || "", autocomplete: "off" }),
      field("Mobile phone", "phone", { type: "tel", value: formatPhone(patient.phone), autocomplete: "off" }),
      field("Street address", "address.line1", { value: a.line1 || "", autocomplete: "off" }),
      field("Apartment, suite", "address.line2", { value: a.line2 || "", autocomplete: "off" }),
      field("City", "address.city", { value: a.city || "", autocomplete: "off" }),
      field("State", "address.state", { value: a.state || "", autocomplete: "off" }),
      field("ZIP code", "address.postal_code", { value: a.postal_code || "", autocomplete: "off" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save contact details")));
  onSubmit(form, async (data) => {
    const address = data["address.line1"] ? {
      line1: data["address.line1"], city: data["address.city"], state: data["address.state"],
      postal_code: data["address.postal_code"], country: a.country || "US",
      ...(data["address.line2"] ? { line2: data["address.line2"] } : {}),
    } : null;
    const saved = await api.patch(`/patients/${patient.patient_id}/contact`,
      { email: data.email || null, phone: phoneValue(data.phone), address });
    Object.assign(patient, saved);
    section.replaceWith(detailsSection(patient, go));
  });
  section.append(h("details", {}, h("summary", {}, "Edit contact details"), form), renameForm(patient, go));
  return section;
}
