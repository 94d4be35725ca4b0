// Document upload: the API hands out a presigned S3 POST, the browser sends the
// file straight to S3 (XMLHttpRequest, for upload progress), then registers it.
import { api, ApiError } from "./api.js";

export const ACCEPT = "application/pdf,image/jpeg,image/png,image/heic,image/heif";
const TYPES = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png",
  heic: "image/heic", heif: "image/heif" };

export const CATEGORIES = [["insurance_card", "Insurance card"], ["photo_id", "Photo ID"], ["form", "Form"],
  ["letter", "Letter"], ["imaging_report", "Imaging report"], ["other", "Other"]];
// A signed proxy consent form is attached where consent is recorded (staff chart, Proxy
// access), never chosen in an upload form: it only has a name to show.
export const CATEGORY_WORDS = { ...Object.fromEntries(CATEGORIES), proxy_consent: "Proxy consent form" };

function contentType(file) {
  if (file.type && Object.values(TYPES).includes(file.type)) return file.type;
  return TYPES[(file.name.split(".").pop() || "").toLowerCase()] || file.type || "application/octet-stream";
}

function post(url, fields, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", file); // S3 wants the file last
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener("load", () => (xhr.status < 300 ? resolve()
      : reject(new ApiError(xhr.status, "upload_failed", "The file could not be uploaded. Try again.", "file"))));
    xhr.addEventListener("error", () => reject(new ApiError(0, "network", "The upload was interrupted. Check your connection and try again.", "file")));
    xhr.send(form);
  });
}

export async function uploadDocument(patientId, file, { category, share = false, visitSummaryId = null,
  onProgress = () => {} } = {}) {
  const body = { category, content_type: contentType(file), filename: file.name };
  if (share) body.share_with_patient = true;
  if (visitSummaryId) body.visit_summary_id = visitSummaryId;
  const intent = await api.post(`/patients/${patientId}/documents/uploads`, body);
  if (file.size > intent.max_bytes) {
    throw new ApiError(413, "too_large", `The file is larger than ${Math.round(intent.max_bytes / 1048576)} MB.`, "file");
  }
  onProgress(0);
  await post(intent.upload.url, intent.upload.fields, file, onProgress);
  onProgress(1);
  return api.post(`/patients/${patientId}/documents`, { key: intent.key });
}

/** A problem report's screenshot (issue 15): the same presigned POST to S3, under the
 * reporter's own prefix (not a chart document). Returns {key, type} for POST /problems. */
export async function uploadScreenshot(file) {
  const type = contentType(file);
  const intent = await api.post("/problems/screenshots", { content_type: type });
  if (file.size > intent.max_bytes) {
    throw new ApiError(413, "too_large", `The file is larger than ${Math.round(intent.max_bytes / 1048576)} MB.`, "screenshot_key");
  }
  await post(intent.upload.url, intent.upload.fields, file, () => {});
  return { key: intent.key, type };
}

/** Fetch a one-minute link and let the browser download the file. */
export async function download(patientId, documentId) {
  const link = await api.get(`/patients/${patientId}/documents/${documentId}/download`);
  window.location.assign(link.url);
  return link;
}

export function sizeWords(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
