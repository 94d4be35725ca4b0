// Patient home: what needs attention, the practice's news, and the way to every feature.
import { api } from "../api.js";
import { formatDay, formatPhone, formatTime, fullName, h } from "../dom.js";
import { icon } from "../icons.js";
import { dayWords, timeWords } from "../appointments-common.js";
import { money } from "../billing-common.js";
import { PATIENT_MENU } from "../routes.js";
import * as session from "../session.js";

// "Nov 30": the day an item is about (a practice calendar date, so read in UTC).
const MONTH_DAY = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

// Where each kind of attention item leads (labels come from the API, without PHI).
const TARGETS = {
  "visit-summary": (item) => [`#/visits/${item.resource_id}`, "visits", "Read it"],
  "request-decided": () => ["#/health", "health", "See the answer"],
  "document-shared": () => ["#/documents", "documents", "Open documents"],
  statement: (item) => [`#/billing/${item.resource_id}`, "billing", "See the statement"],
  message: (item) => [`#/messages/${item.resource_id}`, "inbox", "Read the message"],  // issue 11
  "message-care": (item) => [`#/messages/${item.resource_id}`, "inbox", "Read the message"],
  "proxy-request": () => ["#/account", "people", "Approve or decline"],  // issue 9
  questionnaire: (item) => [`#/questionnaires/${item.resource_id}`, "health", "Fill it in"],  // issue 17
};

export async function render({ practice }) {
  const patient = session.currentPatient();
  const self = session.viewingSelf();
  const me = session.user();
  const first = (me.display_name || "").split(" ")[0];
  const home = await api.get(`/patients/${patient.patient_id}/home`);
  const shortcuts = PATIENT_MENU.filter((item) => item.href !== "#/home" && (!item.scope || item.scope === patient.scope));
  const announcements = (practice && practice.announcements) || [];
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, self ? `Hello${first ? `, ${first}` : ""}` : `${fullName(patient)}'s record`),
      h("p", {}, self ? "Here is what is new in your record." : `You are acting for ${fullName(patient)}.`))),
    nextVisit(home.sections && home.sections.next_appointment),
    balanceDue(home.sections && home.sections.balance_due),
    attention(home.attention, patient.patient_id),
    announcements.length ? h("section", { "aria-labelledby": "news-h" },
      h("h2", { id: "news-h" }, `News from ${practice.name}`),
      announcements.map((a) => h("article", { class: "card announcement" }, h("h3", {}, a.title),
        h("p", { class: "prose" }, a.body), h("p", { class: "small muted" }, `Until ${formatDay(a.ends_on)}`)))) : null,
    h("section", { "aria-labelledby": "features-h" },
      h("h2", { id: "features-h" }, "In the portal"),
      h("ul", { class: "cards list-plain" }, shortcuts.map((item) => h("li", { class: "card" },
        h("a", { href: item.href, class: "card-link" }, icon(item.icon), h("span", {}, item.label)))))),
    // One quiet line, after what is new (the footer of every page says it too).
    h("p", { class: "small muted emergency-line" }, "For emergencies call 911. ",
      practice && practice.phone ? ["For anything urgent during opening hours, call ",
        h("a", { href: `tel:${practice.phone}` }, formatPhone(practice.phone)), "."] : null),
  ];
}

function nextVisit(visit) {
  return h("section", { class: "card next-visit", "aria-labelledby": "next-h" },
    h("h2", { id: "next-h" }, icon("calendar"), "Next visit"),
    visit ? [h("p", {}, h("strong", {}, `${dayWords(visit.date)} at ${timeWords(visit.time)}`)),
      h("p", { class: "muted" }, `${visit.visit_type_name} with ${visit.provider_name}`),
      h("a", { class: "more", href: "#/appointments" }, `See or change ${session.whose()} visits`)]
      : [h("p", { class: "muted" }, "No visit booked."), h("a", { class: "more", href: "#/appointments/book" }, "Book a visit")]);
}

// Shown to those who may read statements (the API leaves it out for the others).
function balanceDue(due) {
  if (!due) return null;
  return h("section", { class: "card", "aria-labelledby": "balance-h" },
    h("h2", { id: "balance-h" }, icon("billing"), "Balance due"),
    due.balance_cents > 0 ? [h("p", {}, h("strong", {}, money(due.balance_cents))),
      h("p", { class: "muted" }, `Due ${formatDay(due.next_due_date)}`),
      h("a", { class: "more", href: "#/billing" }, "See and pay")]
      : [h("p", { class: "muted" }, "Nothing to pay."), h("a", { class: "more", href: "#/billing" }, "Statements and receipts")]);
}

function attention(items, patientId) {
  const list = h("ul", { class: "cards list-plain" });
  const section = h("section", { "aria-labelledby": "attention-h" },
    h("h2", { id: "attention-h" }, session.viewingSelf() ? "Needs your attention" : `New in ${session.whose()} record`), list);
  const empty = () => list.replaceChildren(h("li", { class: "card" }, h("p", { class: "empty" }, "Nothing new. You are all caught up.")));
  if (!items.length) {
    empty();
    return section;
  }
  for (const item of items) {
    const [href, iconName, action] = (TARGETS[item.kind] || (() => ["#/home", "home", "Open"]))(item);
    const card = h("li", { class: "card attention" },
      h("h3", {}, icon(iconName), item.on ? `${item.label}, ${MONTH_DAY.format(new Date(`${item.on}T00:00:00Z`))}` : item.label),
      h("p", { class: "small muted" }, formatTime(item.created_at)),
      h("div", { class: "actions" }, h("a", { class: "button primary small", href }, action),
        h("button", { type: "button", class: "small", onclick: async (e) => {
          e.currentTarget.disabled = true;
          await api.del(`/patients/${patientId}/home/items/${encodeURIComponent(item.id)}`).catch(() => null);
          card.remove();
          if (!list.children.length) empty();
        } }, "Dismiss", h("span", { class: "visually-hidden" }, `: ${item.label}`))));
    list.append(card);
  }
  return section;
}
