// Admin: messaging setup. The topics patients choose from when they write (in their words),
// the pool each one goes to, whether a limited proxy may use it; the response target, the
// caps and the BAA/TLS setting. Saved whole with PATCH /practice/messaging.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { checkbox, field, FieldError, notice, onSubmit, showNotice } from "../../forms.js";

const ROLE_WORDS = { provider: "providers", nurse: "nurses", front_desk: "front desk", billing: "billing",
  admin: "admin" };

// A new topic's id comes from its first label and never changes (threads keep it).
function newId(label, taken) {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 34) || "topic";
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

function poolsTable(pools) {
  return h("section", { class: "panel", "aria-labelledby": "pools-h" }, h("h2", { id: "pools-h" }, "Pools"),
    h("p", { class: "hint" }, "The teams that answer. Staff with one of a pool's roles see its inbox."),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Pools, scrolls sideways" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Pool"), h("th", { scope: "col" }, "Who works it"),
        h("th", { scope: "col" }, "Overdue emails go to"))),
      h("tbody", {}, pools.map((p) => h("tr", {}, h("th", { scope: "row" }, p.name),
        h("td", {}, p.roles.map((r) => ROLE_WORDS[r] || r).join(", ")), h("td", {}, p.lead_email || "Nobody yet")))))));
}

export async function render() {
  let settings = await api.get("/practice/messaging");
  let topics = settings.topics.map((t) => ({ ...t }));
  const status = notice();
  const rows = h("div", {});
  const poolOptions = () => settings.pools.map((p) => [p.id, p.name]);
  // What is on screen now, kept on the topic objects (ids and plurals are not fields).
  const collect = () => [...rows.querySelectorAll("fieldset")].map((fs, i) => {
    const label = fs.querySelector("input[type=text]").value.trim();
    const topic = { ...topics[i], label, pool: fs.querySelector("select").value,
      limited: fs.querySelector("input[type=checkbox]").checked };
    if (topic.plural && label !== topics[i].label) delete topic.plural; // renamed: staff email uses the new words
    return topic;
  });
  const draw = () => {
    rows.replaceChildren(...topics.map((t, i) => h("fieldset", {},
      h("legend", {}, t.label || `New topic ${i + 1}`),
      h("div", { class: "grid-2" },
        field("In the patient's words", `topics.${i}.label`, { value: t.label, maxlength: 60 }),
        field("Goes to", `topics.${i}.pool`, { options: poolOptions(), value: t.pool })),
      checkbox("A limited proxy (scheduling helper) may use it", `topics.${i}.limited`, { checked: !!t.limited }),
      h("button", { type: "button", class: "small danger", onclick: () => {
        topics = collect().filter((_, j) => j !== i);
        draw();
      } }, `Remove ${t.label || `new topic ${i + 1}`}`))));
  };
  const form = h("form", { "aria-labelledby": "topics-h" },
    h("p", { class: "hint" }, "Patients choose one of these when they write; it decides who answers. "
      + "Conversations already started keep their team."),
    h("div", { dataset: { field: "topics" } }, rows, h("p", { class: "error", hidden: true })),
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => {
        topics = [...collect(), { label: "", pool: settings.pools[0].id, limited: false }];
        draw();
        rows.querySelector("fieldset:last-child input[type=text]").focus();
      } }, "Add topic")),
    h("fieldset", {}, h("legend", {}, "Answers and limits"),
      h("div", { class: "grid-2" },
        field("Answer within (business hours)", "target_business_hours", { type: "number", inputmode: "numeric",
          value: settings.target_business_hours, hint: "8 is one business day. Past it, a conversation is overdue." }),
        field("Open conversations per patient", "max_open_threads", { type: "number", inputmode: "numeric",
          value: settings.max_open_threads }),
        field("Messages per patient per day", "max_messages_per_day", { type: "number", inputmode: "numeric",
          value: settings.max_messages_per_day })),
      checkbox("Our staff mailboxes are covered by a BAA and enforced TLS", "staff_email_includes_text",
        { checked: settings.staff_email_includes_text,
          hint: "Only then does the email to staff quote the patient's message. Leave it off otherwise." })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save messaging setup")));
  onSubmit(form, async (data) => {
    const edited = collect();
    if (!edited.length) throw new FieldError("topics", "Keep at least one topic.");
    const seen = new Set();
    edited.forEach((t, i) => {
      if (!t.label) throw new FieldError(`topics.${i}.label`, "Write the topic in the patient's words.");
      if (seen.has(t.label.toLowerCase())) throw new FieldError(`topics.${i}.label`, "Another topic has these words.");
      seen.add(t.label.toLowerCase());
    });
    const taken = new Set(edited.map((t) => t.id).filter(Boolean));
    const body = {
      topics: edited.map(({ id, label, plural, pool, limited }) => {
        const topic = { id: id || newId(label, taken), label, pool, limited };
        taken.add(topic.id);
        return plural ? { ...topic, plural } : topic;
      }),
    };
    for (const name of ["target_business_hours", "max_open_threads", "max_messages_per_day"]) {
      if (!/^\d+$/.test(data[name])) throw new FieldError(name, "Write a whole number.");
      body[name] = Number(data[name]);
    }
    body.staff_email_includes_text = data.staff_email_includes_text;
    settings = await api.patch("/practice/messaging", body);
    topics = settings.topics.map((t) => ({ ...t }));
    draw();
    showNotice(status, "Messaging setup saved. Patients see the change within a minute.");
    status.focus();
  });
  draw();
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Messaging setup"),
      h("p", {}, "What patients can write about, who answers, and how fast."))),
    status,
    h("section", { class: "panel", "aria-labelledby": "topics-h" }, h("h2", { id: "topics-h" }, "Topics"), form),
    poolsTable(settings.pools),
  ];
}
