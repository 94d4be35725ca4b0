// Bits the staff pages share.
import { h } from "../../dom.js";

const STATUS = {
  active: ["Active", "ok"],
  invited: ["Invited", "warn"],
  none: ["Not invited", ""],
};

export function statusBadge(status) {
  const [label, kind] = STATUS[status || "none"] || [status, ""];
  return h("span", { class: `badge ${kind}` }, label);
}
