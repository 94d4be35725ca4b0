// One test report (patient side): each value with units, range and an in/out-of-range
// marker in words and colour, the clinician's comment beside it, notes, the lab, history.
import { api } from "../api.js";
import { h } from "../dom.js";
import { valuesTable } from "../results-common.js";
import { ROUTES } from "../routes.js";
import * as session from "../session.js";

export async function render({ params }) {
  const patient = session.currentPatient();
  const r = await api.get(`/patients/${patient.patient_id}/results/${params.id}`);
  const head = h("div", { class: "page-head" }, h("div", {},
    h("p", { class: "small" }, h("a", { href: "#/results" }, "← All test results")),
    h("h1", {}, r.name),
    h("p", {}, r.collected ? `Collected ${r.collected}` : "", r.ordering_provider ? ` · ordered by ${r.ordering_provider}` : "")));
  if (r.status === "pending") return [head, h("p", { class: "notice notice-info" }, r.message)];
  return [
    head,
    r.status !== "final" ? h("p", { class: `notice ${r.status === "cancelled" ? "notice-error" : "notice-warn"}` },
      r.status_words) : null,
    r.comment ? h("section", { class: "panel comment", "aria-labelledby": "comment-h" },
      h("h2", { id: "comment-h" }, `Comment from ${r.comment.by}`),
      h("p", { class: "prose" }, r.comment.text), h("p", { class: "small muted" }, r.comment.when))
      : h("p", { class: "small muted" }, r.reviewed_by_name ? `Reviewed by ${r.reviewed_by_name}.`
        : "Your clinician has not commented on this result yet."),
    h("section", { class: "panel", "aria-labelledby": "values-h" }, h("h2", { id: "values-h" }, "Results"),
      valuesTable(r.observations, { caption: `Values of ${r.name}`,
        trendHref: (o) => `#/results/trend/${encodeURIComponent(o.code)}` }),
      (r.notes || []).length ? h("div", {}, h("h3", {}, "Notes from the lab"),
        r.notes.map((n) => h("p", { class: "prose small" }, n))) : null),
    askAbout(r),
    h("section", { class: "panel", "aria-labelledby": "lab-h" }, h("h2", { id: "lab-h" }, "About this test"),
      h("dl", { class: "facts" },
        h("dt", {}, "Test name at the lab"), h("dd", {}, r.lab_name),
        r.specimen && r.specimen.type ? [h("dt", {}, "Sample"), h("dd", {}, r.specimen.type)] : null,
        r.reported ? [h("dt", {}, "Reported"), h("dd", {}, r.reported)] : null,
        r.performing_lab ? [h("dt", {}, "Performed by"), h("dd", {}, [r.performing_lab.name, r.performing_lab.address]
          .filter(Boolean).join(", "), r.performing_lab.clia ? ` (CLIA ${r.performing_lab.clia})` : "")] : null,
        h("dt", {}, "Reference"), h("dd", {}, r.reference)),
      (r.history || []).length > 1 ? h("div", {}, h("h3", {}, "History"), h("ul", { class: "list-plain small" },
        r.history.map((v) => h("li", {}, `${v.status[0].toUpperCase()}${v.status.slice(1)} result received ${v.received}`))))
        : null),
  ];
}

// "Ask about this result" starts a secure message linked to this report (issue 11's
// new-message page takes what it is about); without messaging, the phone is the way.
function askAbout(r) {
  const compose = ROUTES.find((route) => route.path === "/messages/new");
  return h("section", { class: "panel", "aria-labelledby": "ask-h" }, h("h2", { id: "ask-h" }, "Questions?"),
    compose ? h("a", { class: "button", href: `#/messages/new?about_type=lab-result&about_id=${r.report_id}&topic=medical` },
      "Ask about this result")
      : h("p", {}, `Call the practice and mention reference ${r.reference}.`));
}
