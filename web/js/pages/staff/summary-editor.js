// Staff: write, preview, save as draft, publish and amend one visit summary.
//   #/staff/patients/:id/summaries/new[?appointment=<appointment id>]  start one (from a visit)
//   #/staff/patients/:id/summaries/:sid                                 a draft to finish, or a
//                                                                       published one to amend
// The preview is drawn by the patient page's own renderer (visit-summary-view.js).
import { api } from "../../api.js";
import { formatDay, formatTime, fullName, h, practiceToday } from "../../dom.js";
import { field, FieldError, flash, notice, onSubmit, showNotice, takeFlash, values } from "../../forms.js";
import * as session from "../../session.js";
import { PARTS, summaryArticle, summaryHead } from "../../visit-summary-view.js";

const CONTENT = ["reason", "assessment", "instructions", "follow_up"];
const EDITABLE = ["visit_date", "provider_name", ...CONTENT];
const LABELS = { reason: "Reason for the visit", assessment: "Assessment", instructions: "Instructions for the patient",
  follow_up: "Follow-up (optional)" };

export async function render({ params, query, go }) {
  const pid = params.id;
  const base = `/patients/${pid}/visit-summaries`;
  const isNew = params.sid === "new";
  const [patient, templates, existing, visits] = await Promise.all([
    api.get(`/patients/${pid}`),
    api.get("/me/summary-templates").then((r) => r.items),
    isNew ? null : api.get(`${base}/${params.sid}`),
    isNew ? api.get(`/patients/${pid}/appointments`, { when: "past", limit: 10 }).then((r) => r.items) : [],
  ]);
  let summary = existing;
  let appointment = null;
  if (isNew && query.get("appointment")) {
    appointment = await api.get(`/patients/${pid}/appointments/${query.get("appointment")}`);
  }
  const published = summary && summary.status !== "draft";
  const status = takeFlash(notice());
  const start = summary || (appointment ? fromVisit(appointment) : { visit_date: practiceToday(),
    provider_name: session.user().display_name });

  const form = h("form", { "aria-label": published ? "Amend the visit summary" : "Visit summary" },
    h("div", { class: "grid-2" },
      field("Visit date", "visit_date", { type: "date", value: start.visit_date }),
      field("Clinician", "provider_name", { value: start.provider_name || "" })),
    CONTENT.map((name) => field(LABELS[name], name, { type: "textarea", rows: name === "reason" || name === "follow_up" ? 2 : 4,
      value: start[name] || "" })),
    published ? field("Reason for the amendment", "amend_reason", { type: "textarea", rows: 2,
      hint: "The patient sees that the summary was amended, when and why; the earlier version is kept." }) : null,
    !published && session.hasRole("provider") ? h("details", { class: "inline-form" },
      h("summary", {}, "Hold from the patient when publishing (optional)"),
      field("Reason for the hold", "hold_reason", { type: "textarea", rows: 2,
        hint: "Patients see summaries at once. Only to prevent harm: write the reason; it is logged and reported." }))
      : null,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => showPreview() }, "Preview"),
      published ? h("button", { type: "submit", class: "primary", value: "amend" }, "Amend and tell the patient")
        : [h("button", { type: "submit", value: "draft" }, "Save draft"),
          h("button", { type: "submit", class: "primary", value: "publish" }, "Publish to the patient")]));

  const preview = h("section", { class: "panel preview", "aria-labelledby": "preview-h", hidden: true },
    h("h2", { id: "preview-h" }, "Preview: what the patient will see"), h("div", {}));
  const showPreview = () => {
    const data = values(form);
    const v = { ...(summary || {}), ...data, author_name: summary ? summary.author_name : session.user().display_name,
      published_at: new Date().toISOString() };
    if (published) Object.assign(v, { amended_at: new Date().toISOString(), amended_by_name: session.user().display_name,
      amend_reason: data.amend_reason });
    preview.lastChild.replaceChildren(summaryHead(v), summaryArticle(v, { headingLevel: "h4" }));
    // Inside this page the patient's h1 sits one level under the preview's heading.
    const title = preview.querySelector(".page-head h1");
    title.replaceWith(h("h3", {}, title.textContent));
    preview.hidden = false;
    preview.scrollIntoView({ block: "start" });
  };

  onSubmit(form, async (data, submitter) => {
    const action = submitter ? submitter.value : "draft";
    const body = {};
    for (const name of EDITABLE) {
      if (summary) {
        if ((summary[name] || "") !== data[name]) body[name] = data[name];
      } else if (data[name]) body[name] = data[name];
    }
    if (action === "amend") {
      const saved = await api.post(`${base}/${summary.summary_id}/amend`, { ...body, amend_reason: data.amend_reason });
      return done(saved, "Amended. The patient sees the new version, marked as amended, and was told.");
    }
    if (!summary) {
      if (appointment) body.appointment_id = appointment.appointment_id;
      summary = await api.post(base, { ...body, draft: true });
      history.replaceState(null, "", `#/staff/patients/${pid}/summaries/${summary.summary_id}`);
    } else if (Object.keys(body).length) {
      summary = await api.patch(`${base}/${summary.summary_id}`, body);
    }
    if (action === "draft") {
      status.className = "notice notice-ok";
      showNotice(status, `Draft saved ${formatTime(summary.updated_at)}. The patient does not see it until you publish it.`);
      status.focus();
      return;
    }
    const saved = await api.post(`${base}/${summary.summary_id}/publish`, data.hold_reason ? { hold_reason: data.hold_reason } : {});
    done(saved, saved.status === "pending" ? "Published and held. The patient sees it as pending until you release it."
      : "Published. The patient can read it now and was told something new is waiting.");
  });

  const done = (saved, message) => {
    flash(message);
    go(`/staff/patients/${pid}/summaries/${saved.summary_id}`);
  };

  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: `#/staff/patients/${pid}` }, `← ${fullName(patient)}`)),
    h("h1", {}, published ? "Amend a visit summary" : summary ? "Finish a draft visit summary" : "Write a visit summary"),
    h("p", {}, `${fullName(patient)} · born ${formatDay(patient.birth_date)}`,
      summary ? " · " : "", summary ? badge(summary) : null)));

  return [
    head,
    status,
    isNew && !appointment && visits.length ? visitPicker(pid, visits, go) : null,
    appointment ? h("p", { class: "notice notice-info" },
      `For the visit on ${formatDay(appointment.date)} with ${appointment.provider_name} (${appointment.visit_type_name}).`) : null,
    published ? null : templatePicker(form, templates),
    h("section", { class: "panel", "aria-label": "The summary" }, form),
    preview,
    saveAsTemplate(form),
    published && summary.versions && summary.versions.length ? earlierVersions(summary) : null,
  ];
}

function fromVisit(appointment) {
  return { visit_date: appointment.date, provider_name: appointment.provider_name, reason: appointment.reason || "" };
}

function badge(summary) {
  if (summary.status === "draft") return h("span", { class: "badge warn" }, "Draft: not visible to the patient");
  if (summary.status === "pending") return h("span", { class: "badge warn" }, "Held");
  return h("span", { class: "badge ok" }, summary.amended_at ? "Published, amended" : "Published");
}

function visitPicker(pid, visits, go) {
  const options = [["", "Choose a visit"], ...visits.filter((a) => a.status !== "cancelled").map((a) =>
    [a.appointment_id, `${formatDay(a.date)} · ${a.provider_name} · ${a.visit_type_name}`])];
  const form = h("form", { class: "panel", "aria-label": "Start from a visit" },
    field("Start from a visit (optional)", "appointment", { options,
      hint: "Prefills the date, clinician and reason; Today's list then shows the summary as written." }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Use this visit")));
  onSubmit(form, async (data) => {
    if (!data.appointment) throw new FieldError("appointment", "Choose a visit.");
    go(`/staff/patients/${pid}/summaries/new?appointment=${encodeURIComponent(data.appointment)}`);
  });
  return form;
}

function templatePicker(form, templates) {
  if (!templates.length) {
    return h("p", { class: "small muted" }, "No templates yet: write a summary, then save it as a template below, or ",
      h("a", { href: "#/staff/summary-templates" }, "manage your templates"), ".");
  }
  const picker = h("form", { class: "panel", "aria-label": "Start from a template" },
    field("Start from one of my templates", "template", { options: templates.map((t) => [t.template_id, t.name]),
      hint: "Fills the parts the template has; the date and clinician stay." }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Use template"),
      h("a", { href: "#/staff/summary-templates", class: "small" }, "Manage my templates")));
  onSubmit(picker, async (data) => {
    const template = templates.find((t) => t.template_id === data.template);
    for (const name of CONTENT) {
      if (template[name]) form.elements[name].value = template[name];
    }
    form.elements.assessment.focus();
  });
  return picker;
}

function saveAsTemplate(form) {
  const keep = h("form", { "aria-label": "Save as a template" },
    field("Template name", "name", { hint: "Saves the reason, assessment, instructions and follow-up above (not the date)." }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save as a template")));
  const status = notice();
  onSubmit(keep, async (data) => {
    const text = values(form);
    const body = { name: data.name };
    for (const name of CONTENT) if (text[name]) body[name] = text[name];
    const made = await api.post("/me/summary-templates", body);
    keep.reset();
    showNotice(status, `Saved as your template “${made.name}”.`);
  });
  return h("details", { class: "inline-form" }, h("summary", {}, "Save this text as one of my templates"), status, keep);
}

function earlierVersions(summary) {
  return h("section", { class: "panel", "aria-labelledby": "versions-h" },
    h("h2", { id: "versions-h" }, "Earlier versions"),
    h("ol", { class: "list" }, summary.versions.map((v, i) => h("li", {},
      h("p", {}, h("strong", {}, `Version ${i + 1}`), `, published ${formatTime(v.published_at)}; replaced ${formatTime(v.replaced_at)} by ${v.replaced_by_name}: ${v.replaced_because}`),
      PARTS.filter(([name]) => v[name]).map(([name, label]) => h("p", { class: "small" }, `${label}: ${v[name]}`))))));
}
