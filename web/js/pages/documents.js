// Documents (patient side): what the practice shared and what the patient uploaded;
// upload with progress; download; remove one's own upload.
import { api } from "../api.js";
import { askFirst } from "../ask.js";
import { formatDay, h } from "../dom.js";
import { field, flash, notice, onSubmit, showNotice, takeFlash } from "../forms.js";
import * as session from "../session.js";
import { ACCEPT, CATEGORIES, CATEGORY_WORDS, download, sizeWords, uploadDocument } from "../upload.js";

export async function downloadDocument(patientId, documentId, button) {
  button.disabled = true;
  try {
    await download(patientId, documentId);
  } catch (error) {
    button.after(h("p", { class: "error", role: "alert" }, error.message));
  } finally {
    button.disabled = false;
  }
}

export function uploadForm(patientId, { categories = CATEGORIES, extra = null, options = () => ({}), onDone }) {
  const progress = h("progress", { class: "progress", max: 100, value: 0, id: "upload-progress",
    "aria-label": "Upload progress" });
  const progressText = h("span", { "aria-live": "polite" });
  const progressBox = h("div", { class: "upload-progress", hidden: true }, progress, " ", progressText);
  const form = h("form", { "aria-labelledby": "upload-h" },
    h("h2", { id: "upload-h" }, "Upload a document"),
    field("What is it?", "category", { options: [["", "Choose…"], ...categories] }),
    // The API names the file by its type and name: its messages belong next to the file.
    field("File", "file", { type: "file", accept: ACCEPT, hint: "PDF or a photo (JPEG, PNG, HEIC), up to 10 MB.",
      alias: "content_type filename" }),
    extra, progressBox,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Upload")));
  onSubmit(form, async (data) => {
    const file = form.querySelector("input[type=file]").files[0];
    const problems = [!data.category && { field: "category", message: "Choose what kind of document this is." },
      !file && { field: "file", message: "Choose a file to upload." }].filter(Boolean);
    if (problems.length) throw Object.assign(new Error(problems[0].message), { field: problems[0].field, errors: problems });
    const onProgress = (fraction) => {
      progressBox.hidden = false; // from the first byte: a refused file shows no progress bar
      progress.value = Math.round(fraction * 100);
      progressText.textContent = fraction >= 1 ? "Uploaded" : `${Math.round(fraction * 100)}%`;
    };
    const doc = await uploadDocument(patientId, file, { category: data.category, onProgress, ...options(data) });
    await onDone(doc);
    form.reset();
    progressBox.hidden = true;
  });
  return form;
}

export async function render({ go, path }) {
  const patient = session.currentPatient();
  const base = `/patients/${patient.patient_id}`;
  const { items } = await api.get(`${base}/documents`, { limit: 100 });
  const status = takeFlash(notice());
  const remove = async (button, doc) => {
    button.disabled = true;
    try {
      await api.del(`${base}/documents/${doc.document_id}`);
      flash(`${doc.title} was removed.`);
      go(path);
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      button.disabled = false;
    }
  };
  const rows = items.filter((d) => d.status !== "pending").map((d) => h("li", { class: "row doc" },
    h("div", {}, h("strong", {}, d.title),
      h("p", { class: "small muted" }, [CATEGORY_WORDS[d.category] || d.category, formatDay(d.created_at),
        sizeWords(d.size), d.uploaded_side === "patient" ? "uploaded by you" : `from ${d.uploaded_by_name || "the practice"}`]
        .filter(Boolean).join(" · "))),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "small", onclick: (e) => downloadDocument(patient.patient_id, d.document_id, e.currentTarget) },
        "Download", h("span", { class: "visually-hidden" }, ` ${d.title}`)),
      d.uploaded_side === "patient" ? h("button", { type: "button", class: "small danger", onclick: (e) => askFirst(e.currentTarget, {
        question: `Remove "${d.title}"? It will no longer be listed here.`, yes: "Yes, remove it",
        onYes: (yes) => remove(yes, d) }) },
        "Remove", h("span", { class: "visually-hidden" }, ` ${d.title}`)) : null)));
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Documents"),
      h("p", {}, `Forms, letters and reports from the practice, and what you send us: ${session.whose()} insurance card, a photo ID, a form.`))),
    status,
    h("section", { class: "panel", "aria-label": `${session.whose({ capital: true })} documents` },
      rows.length ? h("ul", { class: "list" }, rows) : h("p", { class: "empty" }, "No documents yet.")),
    h("section", { class: "panel" }, uploadForm(patient.patient_id, {
      onDone: (doc) => { flash(`${doc.title} was uploaded. The practice can see it now.`); go(path); },
    })),
  ];
}
