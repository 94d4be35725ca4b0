// Reset password with the emailed code (#/reset?email=...).
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, FieldError, onSubmit, requireValue } from "../forms.js";

export const passwordHint = "At least 12 characters, with upper and lower case letters, a number and a symbol.";

export function render({ query, go }) {
  const form = h("form", { "aria-labelledby": "reset-title" },
    field("Email", "email", { type: "email", value: query.get("email") || "", autocomplete: "username",
      required: true, inputmode: "email" }),
    field("Reset code", "code", { required: true, autocomplete: "one-time-code", hint: "From the email we sent you." }),
    field("New password", "new_password", { type: "password", autocomplete: "new-password", required: true,
      alias: "password",
      hint: passwordHint }),
    field("Type the new password again", "confirm", { type: "password", autocomplete: "new-password", required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Change password")));
  onSubmit(form, async (data) => {
    requireValue(data, "email", "Enter your email address.");
    requireValue(data, "code", "Enter the code from the email.");
    requireValue(data, "new_password", "Choose a new password.");
    if (data.new_password !== data.confirm) throw new FieldError("confirm", "The two passwords are not the same.");
    await api.post("/auth/reset-password",
      { email: data.email, code: data.code, new_password: data.new_password }, { auth: false });
    go("/sign-in?reason=reset");
  });
  return h("section", { class: "panel auth-card" },
    h("h1", { id: "reset-title" }, "Choose a new password"),
    query.get("sent") ? h("p", { class: "notice notice-ok", role: "status" },
      "If that email belongs to an account, a reset code is on its way. It expires in 30 minutes.") : null,
    form,
    h("p", {}, h("a", { href: "#/forgot" }, "Send a new code"), " · ", h("a", { href: "#/sign-in" }, "Back to sign in")));
}
