// Clinicians: unreviewed results, critical then abnormal then normal, the prior value of
// each test beside the new one. Reviewed with one click, or with a quick or free comment
// the patient reads (and is told about). A page at a time: "Show more results" goes on.
import { api } from "../../api.js";
import { append, formatDay, fullName, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";
import { valuesTable } from "../../results-common.js";

const PAGE = 50;
const SEVERITY = { critical: ["bad", "Critical"], abnormal: ["warn", "Abnormal"], normal: ["ok", "Normal"] };

export async function render({ query }) {
  const owner = query.get("owner") === "unassigned" ? "unassigned" : "me";
  const inbox = await api.get("/results-inbox", { owner, limit: PAGE });
  const status = notice();
  const list = h("ul", { class: "list-plain review-list" });
  // The next page follows the last result shown (reviewing ones above it changes nothing).
  let cursor = inbox.cursor;
  const empty = () => h("li", { class: "empty" },
    cursor ? "Nothing left on this page: show more below." : "Nothing to review.");
  const card = (r) => {
    const li = h("li", { class: "card result-card" });
    const form = h("form", { "aria-label": `Review ${r.lab_name} for ${fullName(r.patient)}` },
      field("Quick comment (optional)", "quick", { options: [["", "No comment"], ...inbox.quick_comments.map((c) => [c, c])] }),
      field("Or write a comment (optional)", "comment", { type: "textarea", rows: 2,
        hint: "The patient reads it next to the result and is told there is a note." }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Mark reviewed")));
    onSubmit(form, async (data) => {
      const comment = data.comment || data.quick || "";
      await api.post(`/patients/${r.patient_id}/results/${r.report_id}/review`, comment ? { comment } : {});
      li.remove();
      showNotice(status, `Reviewed: ${r.lab_name} for ${fullName(r.patient)}${comment ? "; the patient was told about your comment" : ""}.`);
      if (!list.children.length) list.append(empty());
    });
    const [kind, words] = SEVERITY[r.severity] || ["", r.severity];
    append(li, [
      h("div", { class: "row" }, h("h2", {}, r.lab_name), h("span", { class: `badge ${kind}` }, words),
        r.status !== "final" ? h("span", { class: "badge warn" }, r.status_words) : null),
      h("p", {}, h("a", { href: `#/staff/patients/${r.patient_id}` }, fullName(r.patient)),
        r.patient ? ` · born ${formatDay(r.patient.birth_date)} · MRN ${r.patient.mrn}` : "",
        ` · collected ${r.collected || "(not given)"} · ref ${r.reference}`),
      valuesTable(r.observations, { caption: `Values of ${r.lab_name}`, extraHeads: ["Before"],
        extra: (o) => h("td", { class: "prior" }, o.prior ? `${o.prior.value}${o.prior.units ? ` ${o.prior.units}` : ""} (${o.prior.when})`
          : o.replaces ? `${o.replaces.value} (this report, before the correction)` : "—") }),
      r.comment ? h("p", { class: "small" }, `Earlier comment by ${r.comment.by}: “${r.comment.text}”`) : null,
      form]);
    return li;
  };
  list.append(...(inbox.items.length ? inbox.items.map(card) : [empty()]));
  const more = h("button", { type: "button", hidden: !cursor }, "Show more results");
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await api.get("/results-inbox", { owner, limit: PAGE, cursor });
      if (page.items.length) {
        list.querySelector(":scope > .empty")?.remove();
        list.append(...page.items.map(card));
      }
      cursor = page.cursor;
      more.hidden = !cursor;
      if (!list.querySelector(":scope > .card")) list.replaceChildren(empty());
      showNotice(status, page.items.length ? `${page.items.length} more shown.` : "No more results to review.");
    } catch (error) {
      showNotice(status, error.message);
    } finally {
      more.disabled = false;
    }
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Results inbox"),
      h("p", {}, owner === "me" ? "Results you ordered that you have not reviewed: critical first." :
        "Results whose ordering clinician the lab did not name."),
      h("p", { class: "small" }, owner === "me" ? h("a", { href: "#/staff/results?owner=unassigned" }, "Show results without an ordering clinician")
        : h("a", { href: "#/staff/results" }, "Show my results")))),
    status, list, more,
  ];
}
