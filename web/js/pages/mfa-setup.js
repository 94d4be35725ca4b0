// Turn on two-step sign-in: add the portal to an authenticator app, confirm with a code.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, onSubmit } from "../forms.js";
import * as session from "../session.js";
import qrcode from "../../vendor/qrcode-generator.js";

/** The otpauth URI as a QR image for a phone's authenticator to scan (drawn here, never sent anywhere). */
function qrImage(uri) {
  const qr = qrcode(0, "M");
  qr.addData(uri);
  qr.make();
  return h("img", { class: "qr", src: qr.createDataURL(5, 4), width: 200, height: 200,
    alt: "QR code to add the portal to your authenticator app" });
}

export async function render({ query, go }) {
  const required = query.get("required") === "1";
  const setup = await api.post("/auth/mfa/setup", {});
  const form = h("form", { "aria-labelledby": "mfa-confirm" },
    h("h2", { id: "mfa-confirm" }, "2. Type the code the app shows"),
    field("6-digit code", "code", { autocomplete: "one-time-code", inputmode: "numeric", required: true, maxlength: 6 }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Turn on two-step sign-in"),
      required ? null : h("a", { href: "#/account" }, "Cancel")));
  onSubmit(form, async (data) => {
    await api.post("/auth/mfa/verify", { code: data.code.replace(/\s/g, "") });
    await session.loadMe();
    go(session.isStaff() ? "/staff/today" : "/account?mfa=on");
  });
  return h("section", { class: "panel" },
    h("h1", {}, "Turn on two-step sign-in"),
    required ? h("p", { class: "notice notice-info", role: "status" },
      "The practice requires two-step sign-in for staff accounts. Set it up to continue.") : null,
    h("p", { class: "lead" }, "Each time you sign in you will also type a code from an authenticator app on your phone "
      + "(for example Google Authenticator, Microsoft Authenticator or 1Password)."),
    h("h2", {}, "1. Add the portal to your authenticator app"),
    h("p", {}, "Scan this code with the authenticator app on your phone:"),
    qrImage(setup.otpauth_uri),
    h("p", {}, "On the phone itself: ", h("a", { href: setup.otpauth_uri }, "open the authenticator app"), "."),
    h("p", {}, "Or, in the app, choose “enter a setup key” and type this key:"),
    h("p", {}, h("code", { class: "secret", "data-testid": "mfa-secret" }, setup.secret)),
    form);
}
