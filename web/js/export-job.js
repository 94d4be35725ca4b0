// Files the export worker makes (issue 16): the record (PDF, FHIR) and statement PDFs.
// Start the job, say "Preparing your file...", poll its status, then offer the link.
import { api } from "./api.js";
import { h } from "./dom.js";
import { showNotice } from "./forms.js";
import { idempotencyKey } from "./billing-common.js";

const POLL_MS = 1500;
const GIVE_UP_MS = 10 * 60 * 1000; // the API calls a job failed after 15 minutes; the page stops sooner
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const statusPath = (patientId, job) => `/patients/${patientId}/exports/${job.export_id}`;

/** Start a job at `startPath` and resolve with the ready job ({url, filename, expires_in}).
 *  One key per click: a retried POST (flaky network) joins the same job. */
export async function prepare(patientId, startPath, body, status) {
  status.className = "notice notice-ok";
  showNotice(status, "Preparing your file...");
  let job = await api.post(startPath, body, { headers: { "Idempotency-Key": idempotencyKey() } });
  const started = Date.now();
  while (job.status === "pending") {
    if (Date.now() - started > GIVE_UP_MS) throw new Error("Your file is taking long. We will email you when it is ready.");
    await sleep(POLL_MS);
    job = await api.get(statusPath(patientId, job));
  }
  if (job.status !== "ready") throw new Error(job.message || "The file could not be made. Try again.");
  return job;
}

/** The download link of a ready job. The link in hand works for a few minutes: a click
 *  after that asks for a fresh one first. */
export function downloadLink(patientId, job, label) {
  let received = Date.now();
  const link = h("a", { href: job.url, class: "button primary", rel: "noopener" }, label);
  link.addEventListener("click", async (event) => {
    if (Date.now() - received < (job.expires_in - 30) * 1000) return;
    event.preventDefault();
    const fresh = await api.get(statusPath(patientId, job));
    received = Date.now();
    link.href = fresh.url;
    window.location.assign(fresh.url);
  });
  return link;
}
