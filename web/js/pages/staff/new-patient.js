// Staff: register a patient and (usually) send the portal invitation in the same step.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { checkbox, field, onSubmit, requireValue, phoneValue } from "../../forms.js";

const SEX = [["", "Choose…"], ["female", "Female"], ["male", "Male"], ["other", "Other"], ["unknown", "Unknown"]];

export function render({ go }) {
  const form = h("form", { "aria-labelledby": "new-h" },
    h("div", { class: "grid-2" },
      field("Given name", "given_name", { required: true, autocomplete: "off" }),
      field("Family name", "family_name", { required: true, autocomplete: "off" }),
      field("Date of birth", "birth_date", { type: "date", required: true }),
      field("Sex", "sex", { options: SEX, required: true }),
      field("Email", "email", { type: "email", autocomplete: "off", hint: "Needed for the portal invitation." }),
      field("Mobile phone", "phone", { type: "tel", autocomplete: "off" })),
    h("fieldset", {}, h("legend", {}, "Address (optional)"),
      field("Street address", "address.line1", { autocomplete: "off" }),
      field("Apartment, suite", "address.line2", { autocomplete: "off" }),
      h("div", { class: "grid-2" },
        field("City", "address.city", { autocomplete: "off" }),
        field("State", "address.state", { autocomplete: "off" }),
        field("ZIP code", "address.postal_code", { autocomplete: "off" }))),
    checkbox("Send the portal invitation by email now", "invite", { checked: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create patient"),
      h("a", { href: "#/staff" }, "Cancel")));
  onSubmit(form, async (data) => {
    requireValue(data, "given_name", "Enter the given name.");
    requireValue(data, "family_name", "Enter the family name.");
    requireValue(data, "birth_date", "Enter the date of birth.");
    requireValue(data, "sex", "Choose the sex recorded for the patient.");
    if (data.invite) requireValue(data, "email", "An email address is needed to send the invitation.");
    const body = { given_name: data.given_name, family_name: data.family_name, birth_date: data.birth_date,
      sex: data.sex };
    if (data.email) body.email = data.email;
    if (data.phone) body.phone = phoneValue(data.phone);
    if (data["address.line1"]) {
      body.address = { line1: data["address.line1"], city: data["address.city"], state: data["address.state"],
        postal_code: data["address.postal_code"], country: "US" };
      if (data["address.line2"]) body.address.line2 = data["address.line2"];
    }
    const patient = await api.post("/patients", body);
    let note = "created";
    if (data.invite) {
      try {
        const sent = await api.post(`/patients/${patient.patient_id}/invitation`, {});
        note = `invited:${sent.expires_on}`;
      } catch (error) {
        note = "invite-failed";
      }
    }
    go(`/staff/patients/${patient.patient_id}?done=${encodeURIComponent(note)}`);
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", { id: "new-h" }, "New patient"),
      h("p", {}, "Register the patient and invite them to the portal."))),
    h("section", { class: "panel" }, form),
  ];
}
