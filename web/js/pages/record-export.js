// Download the whole record, at no charge: a FHIR R4 file for apps and a readable PDF.
import { api, request } from "../api.js";
import { fullName, h } from "../dom.js";
import { notice, showNotice } from "../forms.js";
import * as tokens from "../tokens.js";
import * as session from "../session.js";

export function exportSection(patient) {
  const status = notice();
  const base = `/patients/${patient.patient_id}/export`;
  const busy = async (button, fn) => {
    button.disabled = true;
    status.className = "notice notice-ok";
    try {
      await fn();
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    } finally {
      button.disabled = false;
    }
  };
  const fhir = h("button", { type: "button", onclick: () => busy(fhir, async () => {
    // The bundle comes in the response: save it through a short-lived object URL.
    const res = await fetch(`/api${base}/fhir`, { cache: "no-store", credentials: "omit",
      headers: { Authorization: `Bearer ${await tokens.accessToken()}` } });
    if (!res.ok) {
      await request("GET", `${base}/fhir`); // turns the error into the API's own message
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: "health-record.json", hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showNotice(status, "The FHIR file was downloaded.");
  }) }, "Download FHIR file (for health apps)");
  const pdf = h("button", { type: "button", class: "primary", onclick: () => busy(pdf, async () => {
    const link = await api.post(`${base}/pdf`, {});
    showNotice(status, "Your PDF is downloading.");
    window.location.assign(link.url);
  }) }, "Download PDF (to read or print)");
  const whose = session.viewingSelf() ? "your" : `${fullName(patient)}'s`;
  return h("section", { class: "panel", "aria-labelledby": "export-h" },
    h("h2", { id: "export-h" }, "Download my record"),
    h("p", { class: "muted" }, `A copy of ${whose} whole record, free of charge: health summary, visit summaries and the list of documents.`),
    status, h("div", { class: "actions" }, pdf, fhir));
}
