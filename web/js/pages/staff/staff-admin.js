// Admin: the practice's staff. Invite by email (role; NPI for providers), change roles,
// deactivate (signed out at once everywhere) or reactivate, re-send an invitation; each
// account's status, two-step sign-in and last sign-in; the recent changes.
import { api } from "../../api.js";
import { askFirst } from "../../ask.js";
import { formatDay, formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";
import * as session from "../../session.js";

const ROLES = [["provider", "Provider (physician, NP, PA)"], ["nurse", "Nurse"], ["front_desk", "Front desk"],
  ["billing", "Billing"], ["admin", "Practice administrator"]];
const ROLE_NAMES = Object.fromEntries(ROLES.map(([k, v]) => [k, v.replace(/ \(.*\)/, "")]));
const STATUS = { invited: ["warn", "Invited"], active: ["ok", "Active"], disabled: ["bad", "Deactivated"] };
const ACTIONS = { invite: "invited", "change-roles": "changed the role of",
  deactivate: "deactivated", reactivate: "reactivated" };

export async function render() {
  const status = notice();
  const list = h("ul", { class: "list staff-list" });
  const activity = h("ul", { class: "list" });
  let people = [];
  const draw = async (message = "") => {
    const [staff, changes] = await Promise.all([api.get("/staff", { limit: 100 }), api.get("/staff/activity", { limit: 20 })]);
    people = staff.items;
    list.replaceChildren(...people.map(row));
    activity.replaceChildren(...(changes.items.length ? changes.items.map((e) => h("li", { class: "small" },
      e.action === "activate" ? `${formatTime(e.at)}: ${e.actor} activated their account`
        : `${formatTime(e.at)}: ${e.actor} ${ACTIONS[e.action] || e.action} ${nameOf(e.user_id)}`))
      : [h("li", { class: "empty" }, "No changes yet.")]));
    if (message) {
      status.className = "notice notice-ok";
      showNotice(status, message);
    }
  };
  const nameOf = (id) => {
    const p = people.find((x) => x.user_id === id);
    return p ? p.display_name : "a staff member";
  };
  const fail = (error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
  };
  const act = (path, message) => async (button) => {
    button.disabled = true;
    try {
      await api.post(path, {});
      await draw(message);
    } catch (error) {
      fail(error);
    }
  };

  const row = (p) => {
    const me = p.user_id === session.user().user_id;
    const [kind, word] = STATUS[p.status] || ["", p.status];
    const roleForm = h("form", { "aria-label": `Change the role of ${p.display_name}` },
      field("Role", "role", { options: ROLES, value: p.roles[0] }),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save role")));
    onSubmit(roleForm, async (data) => {
      await api.put(`/staff/${p.user_id}/roles`, { roles: [data.role] });
      await draw(`${p.display_name} is now ${ROLE_NAMES[data.role]}. It applies from their next click.`);
    });
    return h("li", { class: "card" },
      h("div", { class: "row" }, h("strong", {}, p.display_name), h("span", { class: `badge ${kind}` }, word)),
      h("p", { class: "small" }, p.email),
      h("dl", { class: "facts small" },
        h("dt", {}, "Role"), h("dd", {}, p.roles.map((r) => ROLE_NAMES[r] || r).join(", ")),
        h("dt", {}, "Two-step sign-in"), h("dd", {}, p.mfa_enabled ? "On" : "Off"),
        h("dt", {}, "Last sign-in"), h("dd", {}, p.last_sign_in_at ? formatTime(p.last_sign_in_at) : "Never"),
        p.deactivated_at ? [h("dt", {}, "Deactivated"), h("dd", {}, `${formatTime(p.deactivated_at)} by ${p.deactivated_by_name}`)] : null),
      me || p.status === "disabled" ? null : inlineForm(`Change role of ${p.display_name}`, roleForm),
      h("div", { class: "actions" },
        p.status === "invited" ? h("button", { type: "button", class: "small", onclick: (e) =>
          act(`/staff/${p.user_id}/invitation`, `A new invitation was sent to ${p.email}; the earlier code no longer works.`)(e.currentTarget) },
        `Re-send invitation to ${p.display_name}`) : null,
        p.status !== "disabled" && !me ? h("button", { type: "button", class: "small danger", onclick: (e) => askFirst(e.currentTarget, {
          question: `Deactivate ${p.display_name}? They are signed out everywhere at once and can no longer sign in or act by email.`,
          yes: `Deactivate ${p.display_name}`, no: "Keep the account",
          onYes: act(`/staff/${p.user_id}/deactivate`, `${p.display_name} is deactivated and was signed out everywhere.`),
        }) }, `Deactivate ${p.display_name}`) : null,
        p.status === "disabled" ? h("button", { type: "button", class: "small", onclick: (e) =>
          act(`/staff/${p.user_id}/reactivate`, `${p.display_name} can sign in again.`)(e.currentTarget) },
        `Reactivate ${p.display_name}`) : null));
  };

  const invite = h("form", { "aria-label": "Invite a staff member" },
    h("div", { class: "grid-2" },
      field("Email", "email", { type: "email", autocomplete: "off" }),
      field("Name", "display_name", { autocomplete: "off", hint: "As patients and colleagues see it, e.g. Dr. Wei Chen or Nina Patel, RN." }),
      field("Role", "roles", { options: ROLES }),
      field("NPI (providers, optional)", "npi", { inputmode: "numeric", autocomplete: "off",
        hint: "10 digits: matches lab results to this clinician." })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send invitation")));
  onSubmit(invite, async (data) => {
    const body = { email: data.email, display_name: data.display_name, roles: [data.roles] };
    if (data.npi && data.roles === "provider") body.npi = data.npi;
    const made = await api.post("/staff/invitations", body);
    invite.reset();
    await draw(`Invitation sent to ${made.email}. The code expires on ${formatDay(made.expires_on)}.`);
  });

  await draw();
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Staff"),
      h("p", {}, "Who works in the portal, with which role. Staff sign in with a password and an authenticator app."))),
    status,
    h("section", { class: "panel", "aria-labelledby": "invite-h" }, h("h2", { id: "invite-h" }, "Invite a staff member"),
      h("p", { class: "small muted" }, "They get an email with a code, choose a password and set up two-step sign-in."),
      invite),
    h("section", { class: "panel", "aria-labelledby": "staff-h" }, h("h2", { id: "staff-h" }, "Accounts"), list),
    h("section", { class: "panel", "aria-labelledby": "activity-h" }, h("h2", { id: "activity-h" }, "Recent changes"), activity),
  ];
}
