// One visit summary as the patient reads it. The patient page and the clinician's
// preview both draw it with this function, so the preview is exactly what the
// patient will see.
import { formatDay, formatTime, h } from "./dom.js";

export const PARTS = [["reason", "Reason for the visit"], ["assessment", "What we found"],
  ["instructions", "What to do"], ["follow_up", "Follow-up"]];

export function summaryHead(v, back = null) {
  return h("div", { class: "page-head" }, h("div", {},
    back,
    h("h1", {}, `Visit on ${formatDay(v.visit_date)}`),
    h("p", {}, v.provider_name ? `With ${v.provider_name}` : "")));
}

/** The summary's body: its parts, the amended mark, attachments and who wrote it. `extra`
 * goes after the attachments (the patient page's "Ask about this"). */
export function summaryArticle(v, { attachment = null, extra = null, headingLevel = "h2" } = {}) {
  return h("article", { class: "panel visit-summary" },
    v.amended_at ? h("p", { class: "notice notice-info amended" },
      h("strong", {}, "Amended"), ` on ${formatTime(v.amended_at)}`,
      v.amended_by_name ? ` by ${v.amended_by_name}` : "", v.amend_reason ? `: ${v.amend_reason}` : "",
      ". This is the current version.") : null,
    PARTS.filter(([name]) => v[name]).map(([name, label]) => h("section", {},
      h(headingLevel, {}, label), h("p", { class: "prose" }, v[name]))),
    v.attachments && v.attachments.length ? h("section", {}, h(headingLevel, {}, "Attached documents"),
      h("ul", { class: "list" }, v.attachments.map((a) => h("li", {},
        attachment ? attachment(a) : a.title)))) : null,
    extra,
    h("p", { class: "small muted" }, `Written by ${v.author_name || v.provider_name || "the practice"}`,
      v.published_at || v.created_at ? ` on ${formatTime(v.released_at || v.published_at || v.created_at)}` : ""));
}
