// Admin: the practice's lists patients read on the Practice page and home:
// locations, clinicians, FAQ, the "how to use the portal" guide, announcements.
// Each section is saved whole (PUT), as the API stores it.
import { api } from "../../api.js";
import { h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const LINE = {};
const TEXT = { type: "textarea", rows: 3 };
export const SECTIONS = {
  announcements: { title: "Announcements", item: "announcement", fields: {
    title: ["Title", LINE], body: ["Text", TEXT], starts_on: ["Show from", { type: "date" }],
    ends_on: ["Show until", { type: "date" }] } },
  locations: { title: "Locations", item: "location", fields: {
    name: ["Name", LINE], "address.line1": ["Street address", LINE], "address.city": ["City", LINE],
    "address.state": ["State", LINE], "address.postal_code": ["ZIP code", LINE], phone: ["Phone (optional)", { type: "tel" }],
    map_url: ["Map link (optional, https://…)", { type: "url" }], note: ["Note (optional)", LINE],
    bring: ["What to bring to a visit here (optional; shown on each visit and in the reminder email)", TEXT] } },
  providers: { title: "Clinicians", item: "clinician", fields: {
    name: ["Name", LINE], credentials: ["Credentials (optional)", LINE], specialty: ["Specialty", LINE],
    bio: ["About (optional)", TEXT] } },
  faq: { title: "Frequently asked questions", item: "question", fields: {
    question: ["Question", LINE], answer: ["Answer", TEXT] } },
  guide: { title: "How to use the portal", item: "topic", fields: { title: ["Topic", LINE], body: ["Text", TEXT] } },
};

const get = (obj, path) => path.split(".").reduce((o, k) => (o ? o[k] : undefined), obj);

function toItem(values, index, keep) {
  const item = keep ? { ...keep } : {};
  for (const [path, value] of Object.entries(values)) {
    const [name, sub] = path.split(".");
    if (sub) {
      item[name] = { ...(item[name] || { country: "US" }), [sub]: value };
    } else if (value) {
      item[name] = value;
    } else {
      delete item[name];
    }
  }
  return item;
}

export async function sectionEditor(name) {
  const spec = SECTIONS[name];
  let { items } = await api.get(`/practice/info/${name}`);
  const status = notice();
  const rows = h("div", {});
  const form = h("form", { "aria-labelledby": `sec-${name}-h` }, rows,
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => { items = [...collectItems(), {}]; draw(); } }, `Add ${spec.item}`),
      h("button", { type: "submit", class: "primary" }, `Save ${spec.title.toLowerCase()}`)));
  const collectItems = () => [...rows.querySelectorAll("fieldset")].map((fs, index) => {
    const values = {};
    for (const el of fs.querySelectorAll("input, textarea")) values[el.name.split(":")[1]] = el.value.trim();
    return toItem(values, index, items[index]);
  });
  const draw = () => {
    rows.replaceChildren(...items.map((item, index) => h("fieldset", {},
      h("legend", {}, `${spec.item[0].toUpperCase()}${spec.item.slice(1)} ${index + 1}`),
      Object.entries(spec.fields).map(([path, [label, opts]]) => {
        const wrapper = field(label, `items.${index}:${path}`, { ...opts, value: get(item, path) || "" });
        wrapper.dataset.field = `items.${index}.${path}`; // where the API names a problem
        return wrapper;
      }),
      h("button", { type: "button", class: "small danger", onclick: () => {
        items = collectItems().filter((_, i) => i !== index);
        draw();
      } }, `Remove ${spec.item} ${index + 1}`))));
    if (!items.length) rows.append(h("p", { class: "empty" }, `No ${spec.title.toLowerCase()} yet.`));
  };
  onSubmit(form, async () => {
    const saved = await api.put(`/practice/info/${name}`, { items: collectItems() });
    items = saved.items;
    draw();
    showNotice(status, `${spec.title} saved. Patients see the change within a minute.`);
  });
  draw();
  return h("section", { class: "panel", "aria-labelledby": `sec-${name}-h` },
    h("h2", { id: `sec-${name}-h` }, spec.title), status, form);
}
