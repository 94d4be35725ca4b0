// The waitlist for earlier slots (issue 17): the visit page's "tell me about an earlier time".
import { api } from "./api.js";
import { h } from "./dom.js";
import { notice, showNotice } from "./forms.js";

export function waitlistSection(a) {
  const status = notice();
  const body = h("div", {});
  let waiting = Boolean(a.waitlist);
  const draw = () => body.replaceChildren(
    h("p", {}, waiting
      ? "You are on the list: when an earlier time of this visit type opens, we email you. The first to accept gets it, and this visit's time is then released."
      : "Want to come in sooner? Ask to be told by email when an earlier time of this visit type opens."),
    h("p", {}, h("button", { type: "button", id: "waitlist-toggle", onclick: toggle },
      waiting ? "Stop asking for an earlier time" : "Tell me about an earlier time")));
  const toggle = async (event) => {
    event.currentTarget.disabled = true;
    try {
      const saved = await api.post(`/patients/${a.patient_id}/appointments/${a.appointment_id}/waitlist`, { join: !waiting });
      waiting = Boolean(saved.waitlist);
      draw();
      showNotice(status, waiting ? "Done: you will hear of an earlier time." : "Done: you will not be offered earlier times.");
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
      event.currentTarget.disabled = false;
    }
  };
  draw();
  return h("section", { class: "panel", "aria-labelledby": "waitlist-h" },
    h("h2", { id: "waitlist-h" }, "An earlier time?"), status, body);
}
