// Turn on two-step sign-in: add the portal to an authenticator app, confirm with a code.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, onSubmit } from "../forms.js";
import * as session from "../session.js";

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
    go(session.isStaff() ? "/staff" : "/account?mfa=on");
  });
  return h("section", { class: "panel" },
    h("h1", {}, "Turn on two-step sign-in"),
    required ? h("p", { class: "notice notice-info", role: "status" },
      "The practice requires two-step sign-in for staff accounts. Set it up to continue.") : null,
    h("p", { class: "lead" }, "Each time you sign in you will also type a code from an authenticator app on your phone "
      + "(for example Google Authenticator, Microsoft Authenticator or 1Password)."),
    h("h2", {}, "1. Add the portal to your authenticator app"),
    h("p", {}, "On this phone: ", h("a", { href: setup.otpauth_uri }, "open the authenticator app"), "."),
    h("p", {}, "Or, in the app, choose “enter a setup key” and type this key:"),
    h("p", {}, h("code", { class: "secret", "data-testid": "mfa-secret" }, setup.secret)),
    form);
}
