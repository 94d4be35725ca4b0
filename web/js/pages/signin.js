// Sign in: email + password, then the authenticator code when two-step sign-in is on.
import { api } from "../api.js";
import { h } from "../dom.js";
import { field, onSubmit, requireValue } from "../forms.js";
import * as session from "../session.js";

const REASONS = {
  idle: "You were signed out because the portal was not used for a while. This protects your information.",
  expired: "Your session ended. Please sign in again.",
  reset: "Your password was changed. Sign in with the new password.",
};

export function render({ query, go, practice }) {
  const next = query.get("next");
  const reason = REASONS[query.get("reason")];
  const card = h("section", { class: "panel auth-card" });

  const finish = async (tokens) => {
    await session.signedIn(tokens);
    if (tokens.mfa_setup_required) return go("/mfa-setup?required=1");
    const safe = next && next.startsWith("/") && !next.startsWith("//") ? next : null;
    return go(safe || (session.isStaff() ? "/staff/today" : "/home"));
  };

  const passwordStep = () => {
    const form = h("form", { "aria-labelledby": "signin-title" },
      field("Email", "email", { type: "email", autocomplete: "username", required: true, inputmode: "email" }),
      field("Password", "password", { type: "password", autocomplete: "current-password", required: true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Sign in"),
        h("a", { href: "#/forgot" }, "Forgot your password?")));
    onSubmit(form, async (data) => {
      requireValue(data, "email", "Enter your email address.");
      requireValue(data, "password", "Enter your password.");
      const result = await api.post("/auth/sign-in", { email: data.email, password: data.password }, { auth: false });
      if (result.challenge === "mfa") return codeStep(data.email, result.session);
      return finish(result);
    });
    card.replaceChildren(
      h("h1", { id: "signin-title" }, "Sign in"),
      h("p", { class: "lead" }, `to the ${practice ? practice.name : "practice"} patient portal`),
      ...(reason ? [h("p", { class: "notice notice-info", role: "status" }, reason)] : []),
      form,
      h("hr"),
      h("p", {}, "Got an invitation from the practice? ", h("a", { href: "#/activate" }, "Activate your account")));
  };

  const codeStep = (email, challengeSession) => {
    const form = h("form", { "aria-labelledby": "code-title" },
      field("6-digit code", "code", {
        autocomplete: "one-time-code", inputmode: "numeric", required: true, maxlength: 6,
        hint: "Open your authenticator app and type the code it shows for this portal.",
      }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Verify"),
        h("button", { type: "button", onclick: passwordStep }, "Start over")));
    onSubmit(form, async (data) => {
      const code = data.code.replace(/\s/g, "");
      const tokens = await api.post("/auth/mfa/challenge", { email, session: challengeSession, code }, { auth: false });
      return finish(tokens);
    });
    card.replaceChildren(h("h1", { id: "code-title" }, "Two-step sign-in"), form);
    form.querySelector("input").focus();
  };

  passwordStep();
  return card;
}
