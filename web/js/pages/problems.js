// "Report a problem with the portal" (issue 15), for patients and staff: what happened and on
// which page (the page they came from), with the reminder that medical questions go to
// messages; their reports below with the status and the practice's reply.
import { api } from "../api.js";
import { formatTime, h } from "../dom.js";
import { field, notice, onSubmit, showNotice } from "../forms.js";
import * as session from "../session.js";
import { uploadScreenshot } from "../upload.js";
import { previousPage } from "../where.js";

const STATUS = { new: ["", "Sent"], in_progress: ["warn", "Being looked at"], resolved: ["ok", "Resolved"] };

function reportItem(r) {
  const [kind, word] = STATUS[r.status] || ["", r.status];
  return h("li", { class: "card", "data-testid": "problem" },
    h("p", {}, h("span", { class: `badge ${kind}` }, word), ` Sent ${formatTime(r.created_at)}${r.page ? ` from ${r.page}` : ""}`),
    h("p", {}, r.what),
    r.has_screenshot ? h("p", { class: "small muted" }, "With a screenshot.") : null,
    r.reply ? h("div", { class: "notice notice-info" }, h("strong", {}, `Reply from ${r.replied_by || "the practice"}: `), r.reply) : null);
}

export async function render({ query }) {
  const list = h("ul", { class: "list" });
  const draw = async () => {
    const mine = await api.get("/me/problems", { limit: 25 });
    list.replaceChildren(...(mine.items.length ? mine.items.map(reportItem)
      : [h("li", { class: "empty" }, "You have not reported a problem.")]));
  };
  const status = notice();
  const from = query.get("page") || previousPage() || "";
  const form = h("form", { "aria-labelledby": "report-h" },
    h("p", { class: "notice notice-info" }, session.isStaff()
      ? "Please do not include patient details: describe what the portal did."
      : "This goes to the people who run the portal, not to your care team. For a medical question, ",
    session.isStaff() ? null : h("a", { href: "#/messages/new" }, "send a message to your care team"),
    session.isStaff() ? null : "."),
    field("What happened?", "what", { type: "textarea", required: true, maxlength: 2000, rows: 5 }),
    field("Which page", "page", { value: from, maxlength: 200, autocomplete: "off" }),
    h("div", { class: "field", dataset: { field: "screenshot_key", alias: "screenshot_type" } },
      h("label", { for: "problem-shot" }, "Screenshot (optional, PNG or JPEG)"),
      h("input", { type: "file", id: "problem-shot", accept: "image/png,image/jpeg" }),
      h("p", { class: "error", hidden: true })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Send the report")));
  onSubmit(form, async (data) => {
    const body = { what: data.what, page: data.page || "" };
    const shot = form.querySelector("#problem-shot").files[0];
    if (shot) {
      const uploaded = await uploadScreenshot(shot);
      body.screenshot_key = uploaded.key;
      body.screenshot_type = uploaded.type;
    }
    await api.post("/problems", body);
    form.reset();
    form.querySelector("[name=page]").value = from;
    await draw();
    status.className = "notice notice-ok";
    showNotice(status, "Thank you. The practice will look at it; the answer will appear below.");
  });
  await draw();
  return [h("section", { class: "panel" },
    h("h1", {}, "Report a problem with the portal"),
    h("p", { class: "lead" }, "Something did not work, or was hard to find? Tell the practice."),
    h("h2", { id: "report-h" }, "New report"), status, form),
  h("section", { class: "panel", "aria-labelledby": "mine-h" }, h("h2", { id: "mine-h" }, "Your reports"), list)];
}
