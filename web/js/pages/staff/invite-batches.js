// Admin: invitations in throttled batches (issue 15, item 5), on the Import patients page.
// How they go (the hourly rate and the channel), queue everyone waiting or the patients of the
// import just applied, and the batch's progress with Pause, Resume and Cancel; "Try again" puts
// the invitations that could not be sent back in the queue. A job sends a batch every 15
// minutes within the hourly rate. See docs/rollout.md.
import { api } from "../../api.js";
import { askFirst } from "../../ask.js";
import { h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const CHANNELS = [["email", "Email"], ["sms", "Email and text message"]];
const STATE = { running: ["ok", "Sending"], paused: ["warn", "Paused"], cancelled: ["bad", "Cancelled"],
  done: ["ok", "Finished"] };
const SKIPS = {
  no_email: "no email address (the account signs in with it: add it in the chart)",
  too_young: "under the practice's minimum age (a parent's proxy access instead)",
  already_active: "already have a portal account",
  already_invited: "already invited or queued",
};

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// The status counts each state up to a page (issue 16): "100+" beyond.
const upTo = (count, more) => `${count}${more ? "+" : ""}`;

/** The section, and offer(ids): after an import is applied, queue just its new patients. */
export async function batchSection() {
  let status = await api.get("/rollout/invitations");
  let importIds = [];
  const facts = h("p", { "data-testid": "batch-status" });
  const progress = h("div", { "data-testid": "batch-progress" });
  const settingsSaid = notice();
  const queueSaid = notice();
  const said = notice(); // the batch's buttons
  const failedPart = h("div", { "data-testid": "batch-failed-retry" });
  const retrySaid = notice();

  const perHour = field("Invitations per hour", "invitations_per_hour", { type: "number", min: "1", max: "1000",
    value: status.per_hour, inputmode: "numeric", hint: "1 to 1000. Up to 50 go every 15 minutes within this rate." });
  const settingsForm = onSubmit(h("form", { class: "batch-part", "aria-labelledby": "batch-settings-h" },
    h("h3", { id: "batch-settings-h" }, "How the invitations go"),
    perHour,
    field("Send by", "channel", { options: CHANNELS, value: status.channel,
      hint: "Everyone invited needs an email address (the account signs in with it); the text goes to a mobile number." }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save the settings")), settingsSaid), async (data) => {
    const raw = data.invitations_per_hour; // the API names a bad value; a number is sent as one
    const rate = raw === "" || Number.isNaN(Number(raw)) ? raw : Number(raw);
    await api.put("/rollout/invitations/settings", { invitations_per_hour: rate, channel: data.channel });
    await refresh();
    showNotice(settingsSaid, `Saved: at most ${status.per_hour} an hour, by ${status.channel === "sms"
      ? "email and text message" : "email"}.`);
  });

  const who = h("div");
  const queueForm = onSubmit(h("form", { class: "batch-part", "aria-labelledby": "batch-queue-h" },
    h("h3", { id: "batch-queue-h" }, "Queue invitations"), who,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Queue the invitations")), queueSaid),
  async (data) => {
    const chosen = data.who === "import" ? { patient_ids: importIds } : {};
    const done = await api.post("/rollout/invitations", chosen);
    status = done;
    if (chosen.patient_ids) importIds = []; // queued: asking again would skip them all
    showWho();
    show();
    const skipped = Object.values(done.skipped).reduce((a, b) => a + b, 0);
    showNotice(queueSaid, `${done.queued} queued${skipped ? `; ${skipped} skipped (see the batch below)` : ""}.`);
  });

  function showWho() {
    const options = [["all", "Everyone waiting for a first invitation"]];
    if (importIds.length) options.unshift(["import", `The ${plural(importIds.length, "patient", "patients")} this import created`]);
    who.replaceChildren(field("Who to invite", "who", { options, value: options[0][0] }));
  }

  async function act(action, button) {
    button.disabled = true;
    try {
      status = { ...status, batch: await api.post("/rollout/invitations/batch", { action }) };
      await refresh();
      said.className = "notice notice-ok";
      showNotice(said, { pause: "The batch is paused.", resume: "The batch goes on.",
        cancel: "The batch is cancelled; the patients not yet invited are back on the waiting list." }[action]);
    } catch (error) {
      said.className = "notice notice-error";
      showNotice(said, error.message);
      button.disabled = false;
    }
  }

  function batchView(b) {
    if (!b) return h("p", { class: "muted" }, "No batch yet.");
    const [kind, words] = STATE[b.state] || ["", b.state];
    const skips = Object.entries(b.skipped).filter(([, n]) => n);
    const skipped = skips.reduce((a, [, n]) => a + n, 0);
    const buttons = [];
    if (b.state === "running") buttons.push(h("button", { type: "button", onclick: (e) => act("pause", e.currentTarget) }, "Pause"));
    if (b.state === "paused") buttons.push(h("button", { type: "button", onclick: (e) => act("resume", e.currentTarget) }, "Resume"));
    if (b.state === "running" || b.state === "paused") {
      buttons.push(h("button", { type: "button", class: "danger", onclick: (e) => askFirst(e.currentTarget, {
        question: "Cancel this batch? Patients not yet invited go back to the waiting list.",
        yes: "Cancel the batch", no: "Keep it", onYes: (yes) => act("cancel", yes) }) }, "Cancel the batch"));
    }
    buttons.push(h("button", { type: "button", onclick: async (e) => { e.currentTarget.disabled = true; await refresh(); } },
      "Refresh"));
    return h("div", {},
      h("p", {}, h("span", { class: `badge ${kind}`, "data-testid": "batch-state" }, words), " ",
        `Started ${b.started}${b.started_by ? ` by ${b.started_by}` : ""}, by `
        + `${b.channel === "sms" ? "email and text message" : "email"}.`),
      h("ul", { class: "list-plain" },
        h("li", { "data-testid": "batch-queued" }, `Queued: ${b.queued}`),
        h("li", { "data-testid": "batch-sent" }, `Sent: ${b.sent}`),
        h("li", { "data-testid": "batch-failed" }, `Could not be sent: ${b.failed}`),
        h("li", { "data-testid": "batch-skipped" }, `Skipped: ${skipped}`,
          skips.length ? h("ul", {}, ...skips.map(([reason, n]) => h("li", {}, `${n}: ${SKIPS[reason] || reason}`))) : null),
        b.returned ? h("li", { "data-testid": "batch-returned" }, `Back on the waiting list: ${b.returned}`) : null,
        (b.state === "running" || b.state === "paused")
          ? h("li", { "data-testid": "batch-to-send" }, `Still to send: ${upTo(status.queued_now, status.queued_more)}`)
          : null),
      h("div", { class: "actions" }, ...buttons));
  }

  async function retry(button) {
    button.disabled = true;
    try {
      const done = await api.post("/rollout/invitations/retry", {});
      status = done;
      show();
      retrySaid.className = "notice notice-ok";
      showNotice(retrySaid, `${plural(done.retried, "invitation", "invitations")} queued again: the next run sends `
        + `${done.retried === 1 ? "it" : "them"}.`);
    } catch (error) {
      retrySaid.className = "notice notice-error";
      showNotice(retrySaid, error.message);
      button.disabled = false;
    }
  }

  function showFailed() {
    failedPart.replaceChildren(...(status.failed ? [
      h("p", {}, `${upTo(status.failed, status.failed_more)} ${status.failed === 1 && !status.failed_more
        ? "invitation" : "invitations"} could not be sent (a mail or text service `
        + "error). Try again puts them back in the queue."),
      h("div", { class: "actions" }, h("button", { type: "button", onclick: (e) => retry(e.currentTarget) },
        "Try again", h("span", { class: "visually-hidden" }, " (the invitations that could not be sent)"))),
    ] : []), retrySaid);
  }

  function show() {
    facts.replaceChildren(`${upTo(status.waiting, status.waiting_more)} waiting for a first invitation, `
      + `${upTo(status.queued_now, status.queued_more)} queued, ${upTo(status.failed, status.failed_more)} could `
      + `not be sent. Up to ${status.per_run} go every 15 minutes, at most ${status.per_hour} an hour.`);
    progress.replaceChildren(h("h3", { id: "batch-progress-h" }, "This batch"), batchView(status.batch), said);
    showFailed();
  }

  async function refresh() {
    status = await api.get("/rollout/invitations");
    show();
  }

  showWho();
  show();
  const section = h("section", { class: "panel", "aria-labelledby": "batch-h" },
    h("h2", { id: "batch-h" }, "Invite in batches"),
    h("p", {}, "Queue the patients who have not been invited yet; the invitations go out a few at a time."),
    facts, failedPart, settingsForm, queueForm, h("div", { class: "batch-part" }, progress));
  return {
    section,
    offer(ids) {
      importIds = ids;
      showWho();
    },
  };
}
