// Staff: who may act for this patient (a parent, a caregiver). The front desk asks for
// a grant: a minor's parent or guardian gets it at once (age bands apply); an adult
// patient approves it in the portal, or the front desk records their signed form.
import { api } from "../../api.js";
import { askFirst } from "../../ask.js";
import { formatDay, h, practiceToday } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import * as session from "../../session.js";
import { ACCEPT, download, uploadDocument } from "../../upload.js";
import { DOCUMENTS_CHANGED } from "./chart-documents.js";

const SCOPES = [["full", "Full: everything the patient can do"],
  ["limited", "Limited: appointments, demographics, messages about appointments or billing"]];

const STATES = {
  pending: ["warn", "Waiting for the patient's consent"],
  active: ["ok", "Active"],
  declined: ["bad", "Declined by the patient"],
  expired: ["", "Lapsed"],
  revoked: ["", "Revoked"],
  ended: ["", "Ended"],
};

const who = (g) => g.grantee_name || g.grantee_email;

function accessWords(g) {
  if (g.status !== "active") return `${g.scope === "full" ? "Full" : "Limited"} access asked for`;
  if (g.age_band === "teen" && g.scope === "full" && g.scope_now === "limited") {
    return "Limited access while the patient is 12 to 17 (granted full)";
  }
  return `${g.scope_now === "full" ? "Full" : "Limited"} access${g.age_band === "child" ? " (patient under 12)" : ""}`;
}

// The scanned consent form is an office document (auth.py): the front desk uploads and
// opens it; the practice admin, who sees no patient documents, records consent by reference.
const mayHandleForms = () => session.hasRole("front_desk", "billing", "provider", "nurse");

function consentWords(g) {
  if (g.consent === "patient") return `Approved by the patient in the portal on ${formatDay(g.consented_at)}.`;
  if (g.consent === "written") {
    return `Written consent signed ${formatDay(g.consent_signed_on)}`
      + `${g.consent_reference ? ` (${g.consent_reference})` : ""}, recorded on ${formatDay(g.consented_at)}`
      + `${g.consent_document_id ? "; the scanned form is in Documents" : ""}.`;
  }
  if (g.consent === "guardian") return "Parent or guardian of a minor: no consent needed.";
  if (g.status === "pending") return `Asked on ${formatDay(g.granted_at)}; lapses on ${formatDay(g.request_expires_on)}.`;
  return "";
}

export function proxySection(patient, canManage) {
  const status = notice();
  const list = h("ul", { class: "list" });
  const past = h("div", {});
  const section = h("section", { class: "panel", "aria-labelledby": "proxy-h" },
    h("h2", { id: "proxy-h" }, "Proxy access"),
    h("p", { class: "muted" }, "People who may use the portal for this patient, such as a parent or caregiver. "
      + "An adult patient's proxy starts only with the patient's consent."),
    status, list, past);

  const say = (kind, message) => {
    status.className = `notice notice-${kind}`;
    showNotice(status, message);
  };

  const consentForm = (g) => {
    const scan = mayHandleForms() ? field("Scanned signed form", "file", { type: "file", accept: ACCEPT,
      alias: "document_id content_type filename",
      hint: "PDF or a photo, up to 10 MB. It goes to the patient's documents, shared with the patient." }) : null;
    const form = h("form", { class: "consent-form", "aria-label": `Record written consent for ${who(g)}` },
      h("div", { class: "grid-2" },
        field("Date the patient signed the form", "signed_on", { type: "date", required: true, max: practiceToday() }),
        field("Where the signed form is kept", "reference", { autocomplete: "off", maxlength: 120,
          hint: `${scan ? "Optional with a scan. " : ""}For example: consent binder page 12.` })),
      scan,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary small" }, "Record written consent")));
    let uploaded = null;
    onSubmit(form, async (data) => {
      const file = scan ? form.querySelector("input[type=file]").files[0] : null;
      if (!data.signed_on || data.signed_on > practiceToday()) {
        throw Object.assign(new Error("Give the date the patient signed the form (not in the future)."), { field: "signed_on" });
      }
      if (!file && !data.reference) {
        throw Object.assign(new Error(scan ? "Attach the scanned form or say where the paper is kept."
          : "Say where the signed form is kept."), { field: scan ? "file" : "reference" });
      }
      const body = { signed_on: data.signed_on, ...(data.reference ? { reference: data.reference } : {}) };
      if (file && uploaded?.file !== file) {
        // Uploaded once: if recording then fails (a wrong date), the retry links the same scan.
        uploaded = { file, id: (await uploadDocument(patient.patient_id, file, { category: "proxy_consent" })).document_id };
      }
      if (file) body.document_id = uploaded.id;
      try {
        await api.post(`/patients/${patient.patient_id}/proxies/${g.grantee_id}/written-consent`, body);
      } finally {
        if (file) document.dispatchEvent(new CustomEvent(DOCUMENTS_CHANGED));
      }
      say("ok", `Written consent recorded. ${who(g)} now has ${g.scope} proxy access.`);
      await draw();
      status.focus();
    });
    return form;
  };

  const formButton = (g) => (g.consent_document_id && mayHandleForms() ? h("button", { type: "button", class: "small",
    onclick: async (e) => {
      const button = e.currentTarget;
      button.disabled = true;
      try {
        await download(patient.patient_id, g.consent_document_id);
      } catch (error) {
        say("error", error.message);
      }
      button.disabled = false;
    } }, "Open the signed form", h("span", { class: "visually-hidden" }, ` for ${who(g)}`)) : null);

  const row = (g) => {
    const [tone, label] = STATES[g.status] || ["", g.status];
    return h("li", { class: "row proxy-grant" },
      h("div", {}, h("strong", {}, who(g)), ` (${g.relationship || "proxy"}) `,
        h("span", { class: `badge ${tone}` }, label),
        h("p", { class: "muted small" }, `${accessWords(g)} · ${g.grantee_email || ""}`,
          g.expires_at ? ` · until ${formatDay(g.expires_at)}` : ""),
        h("p", { class: "muted small" }, consentWords(g)), formButton(g),
        canManage && g.status === "pending" ? consentForm(g) : null),
      canManage && (g.status === "active" || g.status === "pending") ? h("div", { class: "actions" },
        h("button", { type: "button", class: "danger small", onclick: (e) => askFirst(e.currentTarget, {
          question: g.status === "pending" ? `Withdraw the request for ${who(g)}?`
            : `Revoke the access of ${who(g)} to this patient's record? It ends at once.`,
          yes: g.status === "pending" ? "Yes, withdraw it" : "Yes, revoke access",
          no: g.status === "pending" ? "Keep the request" : "Keep access", onYes: (yes) => revoke(yes, g) }) },
        g.status === "pending" ? "Withdraw" : "Revoke",
        h("span", { class: "visually-hidden" }, ` access for ${who(g)}`))) : null);
  };

  const draw = async () => {
    const { items } = await api.get(`/patients/${patient.patient_id}/proxies`);
    const current = items.filter((g) => g.status === "active" || g.status === "pending");
    const earlier = items.filter((g) => !current.includes(g));
    list.replaceChildren(...(current.length ? current.map(row) : [h("li", { class: "empty" }, "Nobody has proxy access.")]));
    past.replaceChildren(...(earlier.length ? [h("details", {}, h("summary", {}, `Earlier access (${earlier.length})`),
      h("ul", { class: "list" }, earlier.map(row)))] : []));
  };

  const revoke = async (button, grant) => {
    button.disabled = true;
    try {
      await api.del(`/patients/${patient.patient_id}/proxies/${grant.grantee_id}`);
      say("ok", grant.status === "pending" ? `The request for ${who(grant)} was withdrawn.`
        : `Proxy access for ${who(grant)} was revoked.`);
      await draw();
    } catch (error) {
      say("error", error.message);
      button.disabled = false;
    }
  };

  if (canManage) {
    const form = h("form", { "aria-labelledby": "grant-h" },
      h("h3", { id: "grant-h" }, "Grant proxy access"),
      h("p", { class: "hint" }, "For a patient under 18, a parent or guardian gets access at once (limited from "
        + "age 12, as the practice set). An adult patient is asked to approve it in the portal; or record their "
        + "signed consent form here."),
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
      say("ok", granted.status === "pending"
        ? `The patient was asked to approve ${who(granted)}'s access. Nothing is shared until they do, or until `
          + "you record their signed consent form."
        : `${who(granted)} now has ${granted.scope_now} proxy access.`);
      await draw();
    });
    section.append(form);
  }
  draw().catch((error) => say("error", error.message));
  return section;
}
