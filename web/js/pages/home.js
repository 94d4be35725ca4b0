// Patient home: what needs attention, the practice's news, and the way to every feature.
import { formatPhone, fullName, h } from "../dom.js";
import { icon } from "../icons.js";
import { PATIENT_MENU } from "../routes.js";
import * as session from "../session.js";

export async function render({ practice }) {
  const patient = session.currentPatient();
  const self = session.viewingSelf();
  const me = session.user();
  const first = (me.display_name || "").split(" ")[0];
  const shortcuts = PATIENT_MENU.filter((item) => item.href !== "#/home");
  return [
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, self ? `Hello${first ? `, ${first}` : ""}` : `${fullName(patient)}'s record`),
      h("p", {}, self ? "Here is what is new in your record." : `You are acting for ${fullName(patient)}.`))),
    h("p", { class: "card emergency-card", role: "note" }, icon("alert"),
      h("span", {}, "For emergencies call 911. ",
        practice && practice.phone ? ["For anything urgent during opening hours call ",
          h("a", { href: `tel:${practice.phone}` }, formatPhone(practice.phone)), "."] : null)),
    h("section", { "aria-labelledby": "features-h" },
      h("h2", { id: "features-h" }, "In the portal"),
      h("ul", { class: "cards list-plain" }, shortcuts.map((item) => h("li", { class: "card" },
        h("a", { href: item.href, class: "card-link" }, icon(item.icon), h("span", {}, item.label)))))),
  ];
}
