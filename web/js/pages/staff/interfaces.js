// Admin: connected systems (a lab's interface engine, the billing system). Each has its own
// machine credential for one route family; the credential is shown once, at creation and at
// each rotation (the old one keeps working for a day), and can be turned off at once.
import { api } from "../../api.js";
import { formatTime, h } from "../../dom.js";
import { field, notice, onSubmit, showNotice } from "../../forms.js";

const SCOPES = [["results", "Lab results (HL7 v2)"], ["billing", "Billing system (statements)"]];

export async function render() {
  const lists = await Promise.all(SCOPES.map(([scope]) => api.get("/interface-accounts", { scope })));
  const status = notice();
  const secret = h("div", { "aria-live": "polite" });
  const showCredential = (account, words) => secret.replaceChildren(h("div", { class: "notice notice-warn" },
    h("p", {}, `${words} Copy it now and give it to the system's administrator over a secure channel; `
      + "the portal will not show it again."),
    h("p", {}, h("code", { class: "credential" }, account.credential))));
  const rows = (items) => items.map((a) => h("tr", {},
    h("th", { scope: "row" }, a.name), h("td", {}, a.route), h("td", {}, a.status === "active"
      ? h("span", { class: "badge ok" }, "Active") : h("span", { class: "badge bad" }, "Turned off")),
    h("td", {}, a.rotated_at ? formatTime(a.rotated_at) : "Never"),
    h("td", {}, a.status === "active" ? [
      h("button", { type: "button", class: "small", onclick: async () => {
        showCredential(await api.post(`/interface-accounts/${a.account_id}/rotate`, {}),
          `New credential for ${a.name}; the old one works for 24 more hours.`);
      } }, "New credential"), " ",
      h("button", { type: "button", class: "small danger", onclick: async (e) => {
        const button = e.currentTarget; // currentTarget is gone after the await
        button.disabled = true;
        await api.post(`/interface-accounts/${a.account_id}/disable`, {});
        showNotice(status, `${a.name} is turned off; its credentials no longer work.`);
        button.closest("tr").querySelector(".badge").replaceWith(h("span", { class: "badge bad" }, "Turned off"));
      } }, "Turn off")] : "—")));
  const form = h("form", { "aria-label": "Connect a system" },
    field("Name", "name", { hint: "For example: Midwest Reference Lab interface" }),
    field("What it may do", "scope", { options: SCOPES }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create credential")));
  onSubmit(form, async (data) => {
    const account = await api.post("/interface-accounts", { name: data.name, scope: data.scope });
    showCredential(account, `Credential for ${account.name}.`);
    form.reset();
  });
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, "Connected systems"),
      h("p", {}, "Machine credentials for labs and the billing system: each reaches one kind of route and is "
        + "recorded in the audit trail under its own name."))),
    status, secret,
    SCOPES.map(([scope, label], i) => h("section", { class: "panel", "aria-labelledby": `scope-${scope}` },
      h("h2", { id: `scope-${scope}` }, label),
      lists[i].items.length ? h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label },
        h("table", {}, h("thead", {}, h("tr", {}, ["Name", "Route", "Status", "Last new credential", "Actions"]
          .map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows(lists[i].items))))
        : h("p", { class: "empty" }, "None yet."))),
    h("section", { class: "panel", "aria-labelledby": "connect-h" }, h("h2", { id: "connect-h" }, "Connect a system"), form),
  ];
}
