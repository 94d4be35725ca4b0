// Staff chart: "It's in the portal" (issue 15). When the patient calls, what the portal already
// holds for them (kinds and counts only) and one click to point them to it: a PHI-free email or
// text with a deep link, counted as a deflected call. Without an account: re-send the invitation,
// or hand over the activation link as a QR code at the desk.
import { api } from "../../api.js";
import { formatDay, formatTime, h } from "../../dom.js";
import { notice } from "../../forms.js";
import { actor } from "./common.js";
import qrcode from "../../../vendor/qrcode-generator.js";

const CHANNELS = { email: "email", sms: "text message" };

function activationQr(url) {
  const qr = qrcode(0, "M");
  qr.addData(url);
  qr.make();
  return h("img", { class: "qr", src: qr.createDataURL(4, 4), width: 160, height: 160,
    alt: "QR code that opens the portal's activation page" });
}

export function inPortalSection(patient) {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  const status = notice();
  const section = h("section", { class: "panel", "aria-labelledby": "in-portal-h", "data-testid": "in-portal" },
    h("h2", { id: "in-portal-h" }, "It's in the portal"), status, body);
  load(patient, body, status);
  return section;
}

async function load(patient, body, status) {
  let glance;
  try {
    glance = await api.get(`/patients/${patient.patient_id}/in-portal`);
  } catch (error) {
    body.replaceChildren(h("p", { class: "notice notice-error" }, error.message));
    return;
  }
  const act = actor(status);
  const waiting = glance.waiting.map((w) => h("li", {}, w.count > 1 ? `${w.label} (${w.count})` : w.label));
  if (glance.next_visit) waiting.push(h("li", {}, `Next visit: ${formatTime(glance.next_visit.start)}`));
  const list = waiting.length ? h("ul", { class: "compact" }, ...waiting)
    : h("p", { class: "muted" }, "Nothing new is waiting in the portal.");
  if (glance.account_status === "active") {
    const channels = glance.channels.map((c) => CHANNELS[c]).join(" and ");
    let key = crypto.randomUUID(); // one click, one message: a retried request sends once
    const send = h("button", { type: "button", class: "primary", onclick: () => act(send, async () => {
      await api.post(`/patients/${patient.patient_id}/in-portal/pointer`, {}, { headers: { "Idempotency-Key": key } });
      key = crypto.randomUUID();
      return `Sent by ${channels}: “The information you asked about is in your portal.”`;
    }) }, "Send “it's in the portal”");
    body.replaceChildren(h("p", {}, "Waiting in the portal for this patient:"), list,
      glance.channels.length ? send
        : h("p", { class: "muted" }, "The patient turned portal notices off: ask them to sign in to the portal."));
    return;
  }
  const link = `${location.origin}${location.pathname}#/activate`;
  const invited = glance.account_status === "invited";
  const resend = h("button", { type: "button", class: "primary", onclick: () => act(resend, async () => {
    const sent = await api.post(`/patients/${patient.patient_id}/invitation`, {});
    resend.textContent = "Re-send the invitation";
    return `Invitation sent. The code expires on ${formatDay(sent.expires_on)}.`;
  }) }, invited ? "Re-send the invitation" : "Send the invitation");
  const qr = h("details", {}, h("summary", {}, "Show a QR code to hand over at the desk"),
    activationQr(link), h("p", {}, "Or the short link: ", h("a", { href: link }, link)),
    h("p", { class: "muted small" }, "The page asks for the code from the invitation email and the date of birth."));
  body.replaceChildren(h("p", {}, invited ? "Invited, not activated yet." : "No portal account yet."),
    patient.email ? resend : h("p", { class: "muted" }, "Add an email address to send the invitation."), qr);
}
