// Practice information: contact, hours, news, locations, clinicians, the portal
// guide and FAQ (what patients would otherwise phone to ask).
import { formatAddress, formatPhone, h } from "../dom.js";

const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"],
  ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];

function time12(value) {
  const [hh, mm] = value.split(":").map(Number);
  const suffix = hh >= 12 ? "PM" : "AM";
  return `${((hh + 11) % 12) + 1}:${String(mm).padStart(2, "0")} ${suffix}`;
}

export function hoursTable(hours) {
  const byDay = Object.fromEntries(DAYS.map(([d]) => [d, []]));
  for (const slot of hours || []) byDay[slot.day]?.push(`${time12(slot.open)} – ${time12(slot.close)}`);
  return h("table", { class: "hours" },
    h("caption", { class: "muted small" }, "Opening hours"),
    h("tbody", {}, DAYS.map(([day, label]) => h("tr", {},
      h("th", { scope: "row" }, label),
      h("td", {}, byDay[day].length ? byDay[day].join(", ") : h("span", { class: "muted" }, "Closed"))))));
}

function list(items, title, card) {
  if (!items || !items.length) return null;
  const id = `sec-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), h("div", { class: "cards" }, items.map(card)));
}

export function render({ practice }) {
  const p = practice || {};
  const address = formatAddress(p.address);
  return [
    h("div", { class: "page-head" }, h("div", {}, h("h1", {}, p.name || "Practice"),
      h("p", {}, "Where to find us, how to reach us, and when we are open."))),
    h("div", { class: "cards" },
      h("section", { class: "card", "aria-labelledby": "contact-h" },
        h("h2", { id: "contact-h" }, "Contact"),
        h("dl", { class: "facts" },
          p.phone ? [h("dt", {}, "Phone"), h("dd", {}, h("a", { href: `tel:${p.phone}` }, formatPhone(p.phone)))] : null,
          p.email ? [h("dt", {}, "Email"), h("dd", {}, h("a", { href: `mailto:${p.email}` }, p.email))] : null,
          address ? [h("dt", {}, "Address"), h("dd", {}, address)] : null),
        h("p", { class: "small muted" }, "Please do not email health questions: sign in and use the portal.")),
      h("section", { class: "card", "aria-labelledby": "hours-h" },
        h("h2", { id: "hours-h" }, "Hours"),
        hoursTable(p.hours),
        p.timezone ? h("p", { class: "small muted" }, `Times are ${p.timezone.replace("_", " ")} time.`) : null)),
    list(p.announcements, "News", (a) => h("article", { class: "card announcement" }, h("h3", {}, a.title),
      h("p", { class: "prose" }, a.body))),
    list(p.locations, "Locations", (l) => h("article", { class: "card" }, h("h3", {}, l.name),
      h("p", { class: "prose" }, formatAddress(l.address)),
      l.phone ? h("p", {}, h("a", { href: `tel:${l.phone}` }, formatPhone(l.phone))) : null,
      l.note ? h("p", { class: "small muted" }, l.note) : null,
      l.map_url ? h("p", {}, h("a", { href: l.map_url, rel: "noopener noreferrer", target: "_blank" }, "Map and directions")) : null)),
    list(p.providers, "Our clinicians", (d) => h("article", { class: "card" },
      h("h3", {}, d.credentials ? `${d.name}, ${d.credentials}` : d.name),
      h("p", { class: "muted" }, d.specialty), d.bio ? h("p", { class: "small" }, d.bio) : null)),
    p.guide && p.guide.length ? h("section", { class: "panel", "aria-labelledby": "guide-h" },
      h("h2", { id: "guide-h" }, "How to use the portal"),
      p.guide.map((g) => h("details", { class: "faq" }, h("summary", {}, g.title), h("p", { class: "prose" }, g.body)))) : null,
    p.faq && p.faq.length ? h("section", { class: "panel", "aria-labelledby": "faq-h" },
      h("h2", { id: "faq-h" }, "Frequently asked questions"),
      p.faq.map((q) => h("details", { class: "faq" }, h("summary", {}, q.question), h("p", { class: "prose" }, q.answer)))) : null,
    h("p", { class: "small muted emergency-line" }, "For emergencies call 911. Do not use the portal for urgent needs."),
  ];
}
