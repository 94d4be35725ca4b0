// Chart: visit summaries. Clinicians write one here quickly, or in the summary editor
// (from a visit or a template, with preview, draft and amendment); a provider may hold
// one with a reason and lifts a hold; PDFs can be attached.
import { api } from "../../api.js";
import { formatDay, h, practiceToday } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { inlineForm } from "../../health-form.js";
import * as session from "../../session.js";
import { uploadDocument } from "../../upload.js";

export function visitsSection(patientId) {
  const base = `/patients/${patientId}/visit-summaries`;
  const isProvider = session.hasRole("provider");
  const status = notice();
  const list = h("ul", { class: "list" });
  const section = h("section", { class: "panel", id: "chart-visits", "aria-labelledby": "chart-visits-h" },
    h("h2", { id: "chart-visits-h" }, "Visit summaries"), status, list);

  const draw = async (message = "") => {
    const { items } = await api.get(base, { limit: 50 });
    list.replaceChildren(...(items.length ? items.map(item) : [h("li", { class: "empty" }, "No visit summaries yet.")]));
    if (message) showNotice(status, message);
  };

  const item = (v) => h("li", {},
    h("div", { class: "row" }, h("a", { href: `#/staff/patients/${patientId}/summaries/${v.summary_id}`, class: "strong-link" },
      `${formatDay(v.visit_date)}${v.provider_name ? ` · ${v.provider_name}` : ""}`),
    { pending: h("span", { class: "badge warn" }, "Held"), draft: h("span", { class: "badge warn" }, "Draft") }[v.status]
        || h("span", { class: "badge ok" }, "Released"),
    v.amended_at ? h("span", { class: "badge" }, "Amended") : null),
    v.status === "pending" ? h("p", { class: "small" }, `Held by ${v.held_by_name}: ${v.hold_reason}`) : null,
    v.reason ? h("p", { class: "small" }, v.reason) : null,
    (v.attachments || []).length ? h("p", { class: "small muted" }, `Attached: ${v.attachments.map((a) => a.title).join(", ")}`) : null,
    h("div", { class: "actions" },
      v.status === "pending" && isProvider ? h("button", { type: "button", class: "small", onclick: async (e) => {
        e.currentTarget.disabled = true;
        try {
          await api.post(`${base}/${v.summary_id}/release`, {});
          await draw("The hold was lifted; the patient can read the summary now and was told.");
        } catch (error) {
          status.className = "notice notice-error";
          showNotice(status, error.message);
        }
      } }, "Release to the patient") : null),
    inlineForm("Attach a PDF", attachForm(v)));

  const attachForm = (v) => {
    const form = h("form", { "aria-label": `Attach a PDF to the visit on ${formatDay(v.visit_date)}` },
      field("PDF file", "file", { type: "file", accept: "application/pdf" }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Attach")));
    onSubmit(form, async () => {
      const file = form.querySelector("input[type=file]").files[0];
      if (!file) throw Object.assign(new Error("Choose a PDF file."), { field: "file" });
      await uploadDocument(patientId, file, { category: "letter", visitSummaryId: v.summary_id });
      await draw(`${file.name} was attached.`);
    });
    return form;
  };

  const today = practiceToday();
  const form = h("form", { "aria-label": "Write a visit summary" },
    h("div", { class: "grid-2" },
      field("Visit date", "visit_date", { type: "date", value: today }),
      field("Clinician", "provider_name", { value: session.user().display_name })),
    field("Reason for the visit", "reason", { type: "textarea", rows: 2 }),
    field("Assessment", "assessment", { type: "textarea", rows: 4 }),
    field("Instructions for the patient", "instructions", { type: "textarea", rows: 4 }),
    field("Follow-up (optional)", "follow_up", { type: "textarea", rows: 2 }),
    isProvider ? field("Hold from the patient for now (optional)", "hold_reason", { type: "textarea", rows: 2,
      hint: "Patients see summaries at once. Only to prevent harm: write the reason; it is logged and reported." }) : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save visit summary")));
  onSubmit(form, async (data) => {
    const body = {};
    for (const name of ["visit_date", "provider_name", "reason", "assessment", "instructions", "follow_up", "hold_reason"]) {
      if (data[name]) body[name] = data[name];
    }
    const saved = await api.post(base, body);
    form.reset();
    await draw(saved.status === "pending" ? "Saved and held. The patient sees it as pending until you release it."
      : "Saved. The patient can read it now and was told something new is waiting.");
  });
  section.append(h("p", {}, h("a", { class: "button primary", href: `#/staff/patients/${patientId}/summaries/new` },
    "Write from a visit or template")), inlineForm("Write a visit summary", form));
  draw().catch((error) => list.replaceChildren(h("li", { class: "notice notice-error", role: "alert" }, error.message)));
  return section;
}
