// Ask before an action that is hard to take back (remove a document, revoke access):
// the button's row turns into a question with "Yes" and "No"; "No" puts the row back
// and the keyboard on the button it started from.
import { h } from "./dom.js";

export function askFirst(button, { question, yes, no = "Keep it", onYes }) {
  const row = button.closest(".actions") || button.parentElement;
  const yesButton = h("button", { type: "button", class: "small danger" }, yes);
  const box = h("div", { class: "confirm", role: "group", "aria-label": question },
    h("p", {}, question),
    h("div", { class: "actions" }, yesButton,
      h("button", { type: "button", class: "small", onclick: () => {
        box.remove();
        row.hidden = false;
        button.focus();
      } }, no)));
  yesButton.addEventListener("click", () => onYes(yesButton));
  row.hidden = true;
  row.after(box);
  yesButton.focus();
}
