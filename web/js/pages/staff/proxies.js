// Staff: who may act for this patient (a parent, a caregiver); grant and revoke.
import { api } from "../../api.js";
import { askFirst } from "../../ask.js";
import { formatDay, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const SCOPES = [["full", "Full: everything the patient can do"],
  ["limited", "Limited: no clinical notes or record download"]];

export function proxySection(patient, canManage) {
  const status = notice();
  const list = h("ul", { class: "list" });
  const section = h("section", { class: "panel", "aria-labelledby": "proxy-h" },
    h("h2", { id: "proxy-h" }, "Proxy access"),
    h("p", { class: "muted" }, "People who may use the portal for this patient, such as a parent or caregiver."),
    status, list);

  const draw = async () => {
    const { items } = await api.get(`/patients/${patient.patient_id}/proxies`);
    const active = items.filter((g) => g.active);
    list.replaceChildren(...(active.length ? active.map((g) => h("li", { class: "row" },
      h("div", {}, h("strong", {}, g.grantee_name || g.grantee_email), ` (${g.relationship || "proxy"})`,
        h("p", { class: "muted small" }, `${g.scope === "full" ? "Full" : "Limited"} access`,
          g.expires_at ? ` until ${formatDay(g.expires_at)}` : "", ` · ${g.grantee_email || ""}`)),
      canManage ? h("button", { type: "button", class: "danger small", onclick: (e) => askFirst(e.currentTarget, {
        question: `Revoke the access of ${g.grantee_name || g.grantee_email} to this patient's record? It ends at once.`,
        yes: "Yes, revoke access", no: "Keep access", onYes: (yes) => revoke(yes, g) }) },
        "Revoke", h("span", { class: "visually-hidden" }, ` access for ${g.grantee_name || g.grantee_email}`)) : null))
      : [h("li", { class: "empty" }, "Nobody has proxy access.")]));
  };

  const revoke = async (button, grant) => {
    button.disabled = true;
    try {
      await api.del(`/patients/${patient.patient_id}/proxies/${grant.grantee_id}`);
      status.className = "notice notice-ok";
      showNotice(status, `Proxy access for ${grant.grantee_name || grant.grantee_email} was revoked.`);
      await draw();
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };

  if (canManage) {
    const form = h("form", { "aria-labelledby": "grant-h" },
      h("h3", { id: "grant-h" }, "Grant proxy access"),
      h("div", { class: "grid-2" },
        field("Caregiver's portal email", "grantee_email", { type: "email", required: true, autocomplete: "off",
          hint: "The caregiver needs their own portal account." }),
        field("Relationship", "relationship", { autocomplete: "off", hint: "For example parent, spouse, daughter." }),
        field("Access", "scope", { options: SCOPES }),
        field("Ends on (optional)", "expires_at", { type: "date" })),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Grant access")));
    onSubmit(form, async (data) => {
      const body = { grantee_email: data.grantee_email, scope: data.scope };
      if (data.relationship) body.relationship = data.relationship;
      if (data.expires_at) body.expires_at = data.expires_at;
      const granted = await api.post(`/patients/${patient.patient_id}/proxies`, body);
      form.reset();
      status.className = "notice notice-ok";
      showNotice(status, `${granted.grantee_name || granted.grantee_email} now has ${granted.scope} proxy access.`);
      await draw();
    });
    section.append(form);
  }
  draw().catch((error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
  });
  return section;
}
