// The preferred pharmacy: where an accepted refill is sent and picked up. The patient
// keeps it on the health summary page; staff see it (and may correct it) in the chart.
import { api } from "./api.js";
import { formatAddress, formatPhone, h } from "./dom.js";
import { field, notice, onSubmit, phoneValue, showNotice } from "./forms.js";
import { inlineForm } from "./health-form.js";

// How an accepted refill reached the pharmacy (the API's sent_by), in plain words.
export const SENT_BY = { eprescribed: "sent electronically (e-prescription)", phoned: "phoned in", faxed: "faxed" };

export function pharmacyFacts(p) {
  if (!p) return h("p", { class: "empty" }, "No pharmacy on file.");
  return h("dl", { class: "facts" },
    h("dt", {}, "Pharmacy"), h("dd", {}, p.name),
    h("dt", {}, "Phone"), h("dd", {}, formatPhone(p.phone)),
    p.address ? [h("dt", {}, "Address"), h("dd", {}, formatAddress(p.address))] : null);
}

/** A panel with the pharmacy on file and, where the caller may, a form to change it. */
export function pharmacySection(patientId, { heading = "Pharmacy", intro = "", canEdit = true } = {}) {
  const status = notice();
  const body = h("div", {}, h("p", { class: "loading" }, "Loading…"));
  const section = h("section", { class: "panel", id: "pharmacy", "aria-labelledby": "pharmacy-h" },
    h("h2", { id: "pharmacy-h" }, heading), intro ? h("p", { class: "small muted" }, intro) : null, status, body);
  const draw = (p) => {
    body.replaceChildren(pharmacyFacts(p), canEdit ? inlineForm(p ? "Change the pharmacy" : "Add a pharmacy", form(p)) : null);
  };
  const form = (p) => {
    const a = (p && p.address) || {};
    const f = h("form", { "aria-label": "Preferred pharmacy" },
      h("div", { class: "grid-2" },
        field("Pharmacy name", "pharmacy.name", { value: p ? p.name : "", autocomplete: "off",
          hint: "For example: Walgreens, Main Street" }),
        field("Pharmacy phone", "pharmacy.phone", { type: "tel", value: p ? formatPhone(p.phone) : "", autocomplete: "off" }),
        field("Street address (optional)", "pharmacy.address.line1", { value: a.line1 || "", autocomplete: "off" }),
        field("City (optional)", "pharmacy.address.city", { value: a.city || "", autocomplete: "off" }),
        field("State (optional)", "pharmacy.address.state", { value: a.state || "", autocomplete: "off" }),
        field("ZIP code (optional)", "pharmacy.address.postal_code", { value: a.postal_code || "", autocomplete: "off" })),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save pharmacy")));
    onSubmit(f, async (data) => {
      const pharmacy = { name: data["pharmacy.name"], phone: phoneValue(data["pharmacy.phone"], "pharmacy.phone") };
      if (data["pharmacy.address.line1"]) {
        pharmacy.address = { line1: data["pharmacy.address.line1"], city: data["pharmacy.address.city"],
          state: data["pharmacy.address.state"], postal_code: data["pharmacy.address.postal_code"], country: "US" };
      }
      const saved = await api.put(`/patients/${patientId}/pharmacy`, { pharmacy });
      draw(saved.pharmacy);
      showNotice(status, `Saved: refills go to ${saved.pharmacy.name}.`);
    });
    return f;
  };
  api.get(`/patients/${patientId}/pharmacy`).then((r) => draw(r.pharmacy))
    .catch((error) => body.replaceChildren(h("p", { class: "notice notice-error", role: "alert" }, error.message)));
  return section;
}
