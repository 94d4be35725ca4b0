// Download the whole record, at no charge: a readable PDF and a FHIR R4 file for apps.
// The export worker makes the file (any size); the page waits for it and offers the link.
import { h, fullName } from "../dom.js";
import { notice, showNotice } from "../forms.js";
import { downloadLink, prepare } from "../export-job.js";
import * as session from "../session.js";

const KINDS = {
  pdf: { label: "Download PDF (to read or print)", ready: "Your PDF is ready." },
  fhir: { label: "Download FHIR file (for health apps)", ready: "Your FHIR file is ready." },
};

export function exportSection(patient) {
  const status = notice();
  const ready = h("div", { class: "actions", hidden: true });
  const pid = patient.patient_id;
  const buttons = Object.entries(KINDS).map(([format, kind]) => {
    const button = h("button", { type: "button", class: format === "pdf" ? "primary" : "" }, kind.label);
    button.addEventListener("click", async () => {
      for (const b of buttons) b.disabled = true;
      ready.hidden = true;
      ready.replaceChildren();
      try {
        const job = await prepare(pid, `/patients/${pid}/exports`, { format }, status);
        showNotice(status, `${kind.ready} We also emailed you. The link works for a few minutes; `
          + "you can make a new one here at any time.");
        ready.append(downloadLink(pid, job, `Save ${job.filename}`));
        ready.hidden = false;
      } catch (error) {
        status.className = "notice notice-error";
        showNotice(status, error.message);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
    return button;
  });
  const whose = session.viewingSelf() ? "your" : `${fullName(patient)}'s`;
  return h("section", { class: "panel", "aria-labelledby": "export-h" },
    h("h2", { id: "export-h" }, "Download my record"),
    h("p", { class: "muted" }, `A copy of ${whose} whole record, free of charge: health summary, visit summaries, `
      + "test results, messages, statements and the list of documents. A large record takes a minute to prepare."),
    status, h("div", { class: "actions" }, ...buttons), ready);
}
