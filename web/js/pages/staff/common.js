// Bits the staff pages share.
import { h } from "../../dom.js";
import { showNotice } from "../../forms.js";

/** A button's action that reports in `status`: act(button, async () => "what happened"). The
 * button is disabled while it runs; an error shows its message. */
export function actor(status) {
  return async (button, fn) => {
    button.disabled = true;
    status.className = "notice notice-ok";
    try {
      showNotice(status, await fn());
    } catch (error) {
      status.className = "notice notice-error";
      showNotice(status, error.message);
    } finally {
      button.disabled = false;
    }
  };
}

const STATUS = {
  active: ["Active", "ok"],
  invited: ["Invited", "warn"],
  none: ["Not invited", ""],
};

export function statusBadge(status) {
  const [label, kind] = STATUS[status || "none"] || [status, ""];
  return h("span", { class: `badge ${kind}` }, label);
}
