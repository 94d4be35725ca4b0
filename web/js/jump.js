// In-page links ("jump to a section"). They scroll by script: the URL hash is the router's.
import { h } from "./dom.js";

export function jumpNav(label, links) {
  return h("nav", { class: "jump", "aria-label": label }, h("ul", {}, links.map(([id, text]) =>
    h("li", {}, h("a", { href: `#${id}`, onclick: (e) => {
      e.preventDefault();
      const target = document.getElementById(id);
      if (!target) return;
      target.tabIndex = -1;
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    } }, text)))));
}
