// Forgot password: the API emails a code (and answers the same whether or not the account exists).
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, onSubmit, requireValue } from "../forms.js";

export function render({ go }) {
  const form = h("form", { "aria-labelledby": "forgot-title" },
    field("Email", "email", { type: "email", autocomplete: "username", required: true, inputmode: "email" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Email me a reset code"),
      h("a", { href: "#/sign-in" }, "Back to sign in")));
  onSubmit(form, async (data) => {
    requireValue(data, "email", "Enter your email address.");
    await api.post("/auth/forgot-password", { email: data.email }, { auth: false });
    go(`/reset?email=${encodeURIComponent(data.email)}&sent=1`);
  });
  return h("section", { class: "panel auth-card" },
    h("h1", { id: "forgot-title" }, "Forgot your password"),
    h("p", { class: "lead" }, "Enter the email you sign in with. If it belongs to an account, we email you a reset code."),
    form);
}
