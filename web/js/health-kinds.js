// The health summary's sections as the patient side shows them. Mirrors
// chalicelib/services/health_kinds.py (names, fields, FHIR status codes); the
// API validates, this only labels.

const NOTE = { label: "Note", type: "textarea" };

export const KINDS = [
  { name: "conditions", title: "Problems", label: "problem", titleField: "code",
    statuses: ["active", "recurrence", "relapse", "inactive", "remission", "resolved"],
    fields: { code: { label: "Problem", required: true }, onset: { label: "Started", type: "date" },
      abatement: { label: "Ended", type: "date" }, note: NOTE } },
  { name: "medications", title: "Medications", label: "medication", titleField: "medication",
    statuses: ["active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"],
    fields: { medication: { label: "Medication", required: true }, dosage: { label: "Dose" },
      instructions: { label: "How to take it" }, prescriber: { label: "Prescribed by" },
      started: { label: "Started", type: "date" }, note: NOTE } },
  { name: "allergies", title: "Allergies", label: "allergy", titleField: "substance",
    statuses: ["active", "inactive", "resolved"],
    fields: { substance: { label: "Allergic to", required: true }, reaction: { label: "Reaction" },
      severity: { label: "Severity", options: ["mild", "moderate", "severe"] },
      category: { label: "Type", options: ["food", "medication", "environment", "biologic"] },
      onset: { label: "Since", type: "date" }, note: NOTE } },
  { name: "immunizations", title: "Immunizations", label: "immunization", titleField: "vaccine",
    statuses: ["completed", "not-done", "entered-in-error"],
    fields: { vaccine: { label: "Vaccine", required: true }, date: { label: "Date given", type: "date", required: true },
      dose_number: { label: "Dose number", type: "number" }, lot_number: { label: "Lot number" }, note: NOTE } },
  { name: "procedures", title: "Surgeries and procedures", label: "surgery or procedure", titleField: "procedure",
    statuses: ["completed", "in-progress", "not-done", "on-hold", "stopped", "preparation", "unknown", "entered-in-error"],
    fields: { procedure: { label: "Surgery or procedure", required: true }, date: { label: "Date", type: "date" },
      note: NOTE } },
  { name: "family-history", title: "Family history", label: "family history item", titleField: "condition",
    statuses: ["completed", "partial", "health-unknown", "entered-in-error"],
    fields: { relationship: { label: "Family member", required: true }, condition: { label: "Condition", required: true },
      onset_age: { label: "Age when it started", type: "number" }, note: NOTE } },
  { name: "social-history", title: "Social history", label: "social history item", titleField: "topic",
    statuses: ["final", "amended", "preliminary", "entered-in-error"],
    fields: { topic: { label: "Topic", required: true }, value: { label: "Details", required: true },
      date: { label: "Date", type: "date" }, note: NOTE } },
];

export const BY_NAME = Object.fromEntries(KINDS.map((k) => [k.name, k]));

export const STATUS_WORDS = {
  active: "Active", resolved: "Resolved", inactive: "Inactive", remission: "In remission", recurrence: "Came back",
  relapse: "Relapse", completed: "Completed", stopped: "Stopped", "on-hold": "On hold", intended: "Planned",
  "not-taken": "Not taking", unknown: "Unknown", "entered-in-error": "Entered in error", "not-done": "Not done",
  "in-progress": "In progress", preparation: "Planned", partial: "Partial", "health-unknown": "Unknown",
  final: "Current", amended: "Amended", preliminary: "Preliminary",
};

/** A form value for the API: numbers as integers, blanks left out (or null when clearing). */
export function fieldValue(spec, raw, { clearing = false } = {}) {
  if (raw === "" || raw === undefined) return clearing ? null : undefined;
  if (spec.type === "number") return Number.parseInt(raw, 10);
  return raw;
}

/** The entry's details in words, for lists: everything but its title field. */
export function describe(kind, fields) {
  const parts = [];
  for (const [name, spec] of Object.entries(kind.fields)) {
    if (name === kind.titleField || name === "note" || fields[name] === undefined || fields[name] === null) continue;
    parts.push(`${spec.label}: ${fields[name]}`);
  }
  return parts.join(" · ");
}
