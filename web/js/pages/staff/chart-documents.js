// Chart: documents. Upload (optionally shared with the patient at once), share, download.
import { api } from "../../api.js";
import { formatDay, h } from "../../dom.js";
import { checkbox, notice, showNotice } from "../../forms.js";
import * as session from "../../session.js";
import { CATEGORIES, CATEGORY_WORDS, download, sizeWords } from "../../upload.js";
import { uploadForm } from "../documents.js";

const ID_CATEGORIES = ["insurance_card", "photo_id"];
export const DOCUMENTS_CHANGED = "chart:documents-changed";

export function documentsSection(patientId) {
  const base = `/patients/${patientId}/documents`;
  const clinician = session.hasRole("provider", "nurse");
  const categories = clinician ? CATEGORIES : CATEGORIES.filter(([c]) => ID_CATEGORIES.includes(c));
  const status = notice();
  const list = h("ul", { class: "list" });
  const act = async (button, fn) => {
    button.disabled = true;
    try {
      await fn();
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };
  const draw = async (message = "") => {
    const { items } = await api.get(base, { limit: 100 });
    const shown = items.filter((d) => d.status !== "pending");
    list.replaceChildren(...(shown.length ? shown.map((d) => h("li", { class: "row" },
      h("div", {}, h("strong", {}, d.title),
        h("p", { class: "small muted" }, [CATEGORY_WORDS[d.category] || d.category, formatDay(d.created_at), sizeWords(d.size),
          d.uploaded_side === "patient" ? "from the patient" : `by ${d.uploaded_by_name}`,
          d.shared_with_patient ? "shared with the patient" : "not shared"].filter(Boolean).join(" · "))),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "small", onclick: (e) => act(e.currentTarget, async () => {
          await download(patientId, d.document_id);
          e.target.disabled = false;
        }) }, "Download", h("span", { class: "visually-hidden" }, ` ${d.title}`)),
        d.shared_with_patient ? null : h("button", { type: "button", class: "small", onclick: (e) => act(e.currentTarget, async () => {
          await api.post(`${base}/${d.document_id}/share`, {});
          await draw(`${d.title} is shared with the patient, who was told.`);
        }) }, "Share with patient", h("span", { class: "visually-hidden" }, ` ${d.title}`)))))
      : [h("li", { class: "empty" }, "No documents.")]));
    if (message) {
      status.className = "notice notice-ok";
      showNotice(status, message);
    }
  };
  const form = uploadForm(patientId, {
    categories,
    extra: checkbox("Share with the patient now", "share"),
    options: (data) => ({ share: data.share }),
    onDone: (doc) => draw(`${doc.title} was uploaded.`),
  });
  draw().catch((error) => list.replaceChildren(h("li", { class: "notice notice-error", role: "alert" }, error.message)));
  const section = h("section", { class: "panel", id: "chart-documents", "aria-labelledby": "chart-docs-h" },
    h("h2", { id: "chart-docs-h" }, "Documents"), status, list, form);
  // Another part of the chart added or shared a document (a scanned proxy consent form,
  // proxies.js): list it again. The listener leaves with the page.
  const changed = () => {
    if (!section.isConnected) {
      document.removeEventListener(DOCUMENTS_CHANGED, changed);
      return;
    }
    draw().catch(() => {});
  };
  document.addEventListener(DOCUMENTS_CHANGED, changed);
  return section;
}
