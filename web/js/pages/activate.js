// Activation from the invitation email's link (#/activate?code=XXXX-XXXX):
// the code, date of birth and a new password; the patient lands signed in.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, FieldError, onSubmit, requireValue } from "../forms.js";
import * as session from "../session.js";
import { passwordHint } from "./reset.js";

export function render({ query, go, practice }) {
  const form = h("form", { "aria-labelledby": "activate-title" },
    field("Activation code", "code", { value: query.get("code") || "", required: true, autocomplete: "off",
      hint: "From your invitation email, for example ABCD-1234." }),
    field("Date of birth", "birth_date", { type: "date", required: true, autocomplete: "bday",
      hint: "We check it against the practice's records." }),
    field("New password", "password", { type: "password", required: true, autocomplete: "new-password",
      hint: passwordHint }),
    field("Type the new password again", "confirm", { type: "password", required: true, autocomplete: "new-password" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Activate my account")));
  onSubmit(form, async (data) => {
    requireValue(data, "code", "Enter the activation code from your invitation.");
    requireValue(data, "birth_date", "Enter your date of birth.");
    requireValue(data, "password", "Choose a password.");
    if (data.password !== data.confirm) throw new FieldError("confirm", "The two passwords are not the same.");
    const tokens = await api.post("/auth/activate",
      { code: data.code, birth_date: data.birth_date, password: data.password }, { auth: false });
    await session.signedIn(tokens);
    go("/home");
  });
  return h("section", { class: "panel auth-card" },
    h("h1", { id: "activate-title" }, "Activate your account"),
    h("p", { class: "lead" }, `Welcome to the ${practice ? practice.name : "practice's"} patient portal. `
      + "Confirm who you are and choose a password."),
    form,
    h("p", {}, "Already activated? ", h("a", { href: "#/sign-in" }, "Sign in")));
}
