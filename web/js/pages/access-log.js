// "Who viewed my record": the audit trail of one record in plain words, newest first.
import { api } from "../api.js";
import { formatTime, h } from "../dom.js";

export function accessLog(patientId, whose, { path = `/patients/${patientId}/access-log`, query = {},
  empty = "Nobody has opened this record yet." } = {}) {
  const list = h("ol", { class: "list access-log" });
  const more = h("button", { type: "button", hidden: true }, "Show older entries");
  const message = h("p", { class: "muted", role: "status" });
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    try {
      const page = await api.get(path, { ...query, limit: 20, cursor });
      for (const event of page.items) {
        list.append(h("li", {},
          h("p", { class: "row" }, h("span", {}, event.description),
            h("time", { datetime: event.at, class: "muted small" }, formatTime(event.at)))));
      }
      if (!list.children.length) message.textContent = empty;
      cursor = page.cursor;
      more.hidden = !cursor;
    } catch (error) {
      message.textContent = error.message;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener("click", load);
  load();
  return h("section", { class: "panel", "aria-labelledby": "log-h" },
    h("h2", { id: "log-h" }, "Who viewed my record"),
    h("p", { class: "muted" }, `Everyone who opened or changed ${whose} record through the portal, newest first.`),
    message, list, more);
}
