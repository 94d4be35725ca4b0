// The patient's own Account page: requests for access to their record (approve or
// decline; nothing is shared before they approve) and who can act for them now.
import { api } from "../api.js";
import { askFirst } from "../ask.js";
import { formatDay, h } from "../dom.js";
import { notice, showNotice } from "../forms.js";
import { download } from "../upload.js";

const SCOPE_WORDS = {
  full: "full access: everything you can see and do in the portal",
  limited: "limited access: appointments, demographics and messages about appointments or billing",
};

const who = (g) => g.grantee_name || g.grantee_email || "Someone";

export function proxyConsentSection(patientId) {
  const status = notice();
  const requests = h("div", {});
  const people = h("ul", { class: "list" });
  const section = h("section", { class: "panel", id: "access", "aria-labelledby": "access-h" },
    h("h2", { id: "access-h" }, "Who can act for you"),
    h("p", { class: "muted" }, "People who may use the portal for you, such as a family member or caregiver. "
      + "Nobody gets access to your record without your approval."),
    status, requests, people);

  const answer = async (button, grant, decision) => {
    button.disabled = true;
    try {
      await api.post(`/patients/${patientId}/proxies/${grant.grantee_id}/consent`, { decision });
      status.className = "notice notice-ok";
      showNotice(status, decision === "approve" ? `${who(grant)} can now act for you. You can ask the practice `
        + "to remove this at any time." : `You declined. ${who(grant)} has no access to your record.`);
      await draw();
      status.focus();
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };

  const requestCard = (g) => h("article", { class: "card consent-request", "aria-labelledby": `req-${g.grantee_id}` },
    h("h3", { id: `req-${g.grantee_id}` }, `${who(g)} asked for access to your record`),
    h("p", {}, `${who(g)}${g.grantee_email && g.grantee_name ? ` (${g.grantee_email})` : ""} would get `
      + `${SCOPE_WORDS[g.scope] || g.scope}${g.relationship ? `, as your ${g.relationship}` : ""}.`),
    h("p", { class: "muted small" }, `Asked through the practice on ${formatDay(g.granted_at)}. `
      + `If you do not answer, the request lapses on ${formatDay(g.request_expires_on)}.`),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: (e) => askFirst(e.currentTarget, {
        question: `Give ${who(g)} ${g.scope} access to your record?`, yes: "Yes, approve", no: "Not now",
        onYes: (yes) => answer(yes, g, "approve") }) }, "Approve",
        h("span", { class: "visually-hidden" }, ` access for ${who(g)}`)),
      h("button", { type: "button", onclick: (e) => answer(e.currentTarget, g, "decline") }, "Decline",
        h("span", { class: "visually-hidden" }, ` access for ${who(g)}`))));

  const openForm = async (button, g) => {
    button.disabled = true;
    try {
      await download(patientId, g.consent_document_id);
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    }
    button.disabled = false;
  };

  const draw = async () => {
    const { items } = await api.get(`/patients/${patientId}/proxies`);
    const pending = items.filter((g) => g.status === "pending");
    const active = items.filter((g) => g.active);
    requests.replaceChildren(...pending.map(requestCard));
    people.replaceChildren(...(active.length ? active.map((g) => h("li", {},
      h("strong", {}, who(g)), g.relationship ? ` (${g.relationship})` : "",
      h("p", { class: "muted small" }, `${g.scope_now === "full" ? "Full" : "Limited"} access`
        + (g.expires_at ? ` until ${formatDay(g.expires_at)}` : "")
        + ". To remove it, call or message the practice."),
      g.consent === "written" ? h("p", { class: "muted small" }, `You signed a consent form on `
        + `${formatDay(g.consent_signed_on)}; the practice recorded it on ${formatDay(g.consented_at)}.`) : null,
      g.consent_document_id ? h("button", { type: "button", class: "small", onclick: (e) => openForm(e.currentTarget, g) },
        "Your signed form", h("span", { class: "visually-hidden" }, ` for ${who(g)}`)) : null))
      : [h("li", { class: "empty" }, "Nobody can act for you.")]));
  };
  draw().catch((error) => {
    status.className = "notice notice-error";
    showNotice(status, error.message);
  });
  return section;
}
