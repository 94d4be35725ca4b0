// A staff member's activation from the invitation email's link (#/staff-activate?code=...):
// the code and a new password; then straight on to two-step sign-in setup.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, FieldError, onSubmit, requireValue } from "../forms.js";
import * as session from "../session.js";
import { passwordHint } from "./reset.js";

export function render({ query, go, practice }) {
  const form = h("form", { "aria-labelledby": "staff-activate-title" },
    field("Activation code", "code", { value: query.get("code") || "", required: true, autocomplete: "off",
      hint: "From your invitation email, for example ABCD-1234." }),
    field("New password", "password", { type: "password", required: true, autocomplete: "new-password",
      hint: passwordHint }),
    field("Type the new password again", "confirm", { type: "password", required: true, autocomplete: "new-password" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Activate my staff account")));
  onSubmit(form, async (data) => {
    requireValue(data, "code", "Enter the activation code from your invitation.");
    requireValue(data, "password", "Choose a password.");
    if (data.password !== data.confirm) throw new FieldError("confirm", "The two passwords are not the same.");
    const tokens = await api.post("/auth/staff-activate", { code: data.code, password: data.password }, { auth: false });
    await session.signedIn(tokens);
    go("/mfa-setup?required=1"); // staff sign in with an authenticator app: set it up now
  });
  return h("section", { class: "panel auth-card" },
    h("h1", { id: "staff-activate-title" }, "Activate your staff account"),
    h("p", { class: "lead" }, `Welcome to the ${practice ? practice.name : "practice's"} staff console. `
      + "Choose a password; next you set up two-step sign-in with an authenticator app."),
    form,
    h("p", {}, "Already activated? ", h("a", { href: "#/sign-in" }, "Sign in")));
}
