// Account: contact details and notification preferences of the open record,
// two-step sign-in of the signed-in user, and "who viewed my record".
import { api } from "../api.js";
import { formatPhone, fullName, h, toE164 } from "../dom.js";
import { checkbox, field, FieldError, notice, onSubmit, showNotice } from "../forms.js";
import * as session from "../session.js";
import { accessLog } from "./access-log.js";
import { proxyConsentSection } from "./proxy-consent.js";
import { exportSection } from "./record-export.js";

export async function render({ query }) {
  const me = session.user();
  const sections = [h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Account"),
    h("p", {}, `Signed in as ${me.display_name || me.email} (${me.email})`)))];
  if (query.get("mfa") === "on") {
    sections.push(h("p", { class: "notice notice-ok", role: "status" }, "Two-step sign-in is on."));
  }
  const patient = session.currentPatient();
  const full = patient && patient.scope === "full";
  // The patient's own record: requests for access wait here for their answer (issue 9).
  if (patient && session.viewingSelf()) sections.push(proxyConsentSection(patient.patient_id));
  if (full) {
    const record = await api.get(`/patients/${patient.patient_id}`);
    const whose = session.viewingSelf() ? "" : ` for ${fullName(patient)}`;
    sections.push(contactSection(record, whose), preferencesSection(record, whose));
  } else if (patient) {
    sections.push(h("p", { class: "notice notice-info" }, `Your proxy access to ${fullName(patient)}'s record is limited `
      + "to appointments. The practice can change it."));
  }
  sections.push(passwordSection(), mfaSection(me));
  if (full) sections.push(exportSection(patient));
  if (full) sections.push(accessLog(patient.patient_id, session.viewingSelf() ? "your" : `${fullName(patient)}'s`));
  sections.push(h("section", { class: "panel", "aria-labelledby": "signout-h" },
    h("h2", { id: "signout-h" }, "Sign out"),
    h("p", {}, "Signing out ends your session on every device and clears this browser tab."),
    h("button", { type: "button", onclick: () => session.signOut() }, "Sign out")));
  return sections;
}

function contactSection(record, whose) {
  const a = record.address || {};
  const status = notice();
  const form = h("form", { "aria-labelledby": "contact-h" },
    h("h2", { id: "contact-h" }, `Contact details${whose}`),
    status,
    h("div", { class: "grid-2" },
      field("Email", "email", { type: "email", value: record.email || "", autocomplete: "email", inputmode: "email" }),
      field("Mobile phone", "phone", { type: "tel", value: formatPhone(record.phone), autocomplete: "tel",
        hint: "For text message reminders, for example (312) 555-0101." })),
    h("fieldset", {}, h("legend", {}, "Home address"),
      field("Street address", "address.line1", { value: a.line1 || "", autocomplete: "address-line1" }),
      field("Apartment, suite (optional)", "address.line2", { value: a.line2 || "", autocomplete: "address-line2" }),
      h("div", { class: "grid-2" },
        field("City", "address.city", { value: a.city || "", autocomplete: "address-level2" }),
        field("State", "address.state", { value: a.state || "", autocomplete: "address-level1" }),
        field("ZIP code", "address.postal_code", { value: a.postal_code || "", autocomplete: "postal-code",
          inputmode: "numeric" }))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save contact details")));
  onSubmit(form, async (data) => {
    // Any part of the address sends all of it, so a missing street or a short ZIP code is
    // named at its field (with every other problem) instead of the address being dropped.
    const parts = ["line1", "line2", "city", "state", "postal_code"];
    const address = parts.some((p) => data[`address.${p}`]) ? {
      line1: data["address.line1"], city: data["address.city"], state: data["address.state"],
      postal_code: data["address.postal_code"], country: a.country || "US",
      ...(data["address.line2"] ? { line2: data["address.line2"] } : {}),
    } : null;
    await api.patch(`/patients/${record.patient_id}/contact`,
      { email: data.email || null, phone: toE164(data.phone), address });
    showNotice(status, "Contact details saved.");
    status.focus();
  });
  return h("section", { class: "panel" }, form);
}

function preferencesSection(record, whose) {
  const prefs = record.preferences || {};
  const status = notice();
  const form = h("form", { "aria-labelledby": "prefs-h" },
    h("h2", { id: "prefs-h" }, `Notifications${whose}`),
    h("p", { class: "muted" }, "We tell you when something new is waiting in the portal. Messages never include health details."),
    status,
    // No email address, no "Email me" ticked: a box that promises mail nobody can receive is a trap.
    checkbox("Email me", "email", { checked: Boolean(record.email) && prefs.email !== false,
      hint: record.email ? "" : "Needs an email address above." }),
    checkbox("Text me", "sms", { checked: Boolean(prefs.sms), hint: "Needs a mobile phone number above." }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save notification choices")));
  const warning = h("div", { class: "confirm", role: "alert", hidden: true });
  let allOffAgreed = false;
  onSubmit(form, async (data, submitter) => {
    if (!data.email && !data.sms && !allOffAgreed && submitter?.dataset.allOff !== "yes") {
      warning.replaceChildren(
        h("p", {}, "With email and text messages both off, nobody will tell you when something new is waiting "
          + "in the portal, such as a visit summary or a change to a visit. You would have to sign in to see it."),
        h("div", { class: "actions" },
          h("button", { type: "submit", class: "danger", dataset: { allOff: "yes" } }, "Turn off all notifications"),
          h("button", { type: "button", onclick: () => { warning.hidden = true; form.querySelector("input[name=email]").focus(); } },
            "Keep them on")));
      warning.hidden = false;
      warning.querySelector("button").focus();
      return;
    }
    allOffAgreed = !data.email && !data.sms;
    warning.hidden = true;
    await api.patch(`/patients/${record.patient_id}/preferences`, { email: data.email, sms: data.sms });
    showNotice(status, allOffAgreed ? "Notifications are off. Sign in to see what is new." : "Notification choices saved.");
    status.focus();
  });
  form.append(warning);
  return h("section", { class: "panel" }, form);
}

function passwordSection() {
  const status = notice();
  const form = h("form", { "aria-labelledby": "password-h" },
    h("h2", { id: "password-h" }, "Password"),
    status,
    field("Current password", "current_password", { type: "password", autocomplete: "current-password" }),
    field("New password", "new_password", { type: "password", autocomplete: "new-password",
      hint: "At least 12 characters with upper and lower case letters, a number and a symbol." }),
    field("Type the new password again", "confirm", { type: "password", autocomplete: "new-password" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Change password")));
  onSubmit(form, async (data) => {
    if (data.new_password && data.confirm !== data.new_password) {
      throw new FieldError("confirm", "The two new passwords are not the same.");
    }
    await api.post("/auth/password", { current_password: data.current_password, new_password: data.new_password });
    form.reset();
    showNotice(status, "Your password is changed. We sent you an email to say so.");
    status.focus();
  });
  return h("section", { class: "panel" }, form);
}

function mfaSection(me) {
  const status = notice();
  const body = h("div", {});
  const draw = (enabled) => {
    body.replaceChildren(
      h("p", {}, "Two-step sign-in is ", h("strong", { "data-testid": "mfa-status" }, enabled ? "on" : "off"), ". ",
        enabled ? "You type a code from your authenticator app when you sign in."
          : "Turn it on to protect your account with a code from an authenticator app."),
      enabled
        ? (me.is_staff ? h("p", { class: "muted" }, "Staff accounts keep two-step sign-in on.") : turnOffForm())
        : h("a", { class: "button primary", href: "#/mfa-setup" }, "Turn on two-step sign-in"));
  };
  // Turning it off needs the password and a current code: a borrowed session is not enough.
  const turnOffForm = () => {
    const form = h("form", { "aria-label": "Turn off two-step sign-in" },
      field("Password", "password", { type: "password", autocomplete: "current-password", required: true }),
      field("6-digit code", "code", { autocomplete: "one-time-code", inputmode: "numeric", required: true,
        maxlength: 6 }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Turn off two-step sign-in")));
    onSubmit(form, async (data) => {
      await api.post("/auth/mfa/disable", { password: data.password, code: data.code.replace(/\s/g, "") });
      await session.loadMe();
      draw(false);
      showNotice(status, "Two-step sign-in is off. Your other devices were signed out.");
    });
    return form;
  };
  draw(Boolean(me.mfa_enabled));
  return h("section", { class: "panel", "aria-labelledby": "mfa-h" },
    h("h2", { id: "mfa-h" }, "Two-step sign-in"), status, body);
}
