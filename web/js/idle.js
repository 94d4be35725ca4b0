// Idle timeout: after IDLE minutes without activity the user is signed out; a
// warning with a countdown comes WARN before that. Tests may shorten both
// through sessionStorage "portal.idle-test" ({"idle_seconds", "warn_seconds"});
// an override can only shorten the defaults, never lengthen them.
import { h } from "./dom.js";

export const DEFAULT_IDLE_SECONDS = 15 * 60;
export const DEFAULT_WARN_SECONDS = 2 * 60;
const ACTIVITY = ["pointerdown", "keydown", "wheel", "touchstart", "scroll"];

export function limits() {
  let idle = DEFAULT_IDLE_SECONDS;
  let warn = DEFAULT_WARN_SECONDS;
  try {
    const override = JSON.parse(sessionStorage.getItem("portal.idle-test") || "null");
    if (override) {
      idle = Math.min(idle, Math.max(2, Number(override.idle_seconds) || idle));
      warn = Math.min(warn, Math.max(1, Number(override.warn_seconds) || warn));
    }
  } catch {
    // a malformed override keeps the defaults
  }
  return { idle: idle * 1000, warn: Math.min(warn * 1000, idle * 1000 - 1000) };
}

function clock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export function startIdleTimer(onTimeout) {
  const { idle, warn } = limits();
  let last = Date.now();
  let dialog = null;
  let countdown = null;

  const activity = () => {
    if (!dialog) last = Date.now();
  };
  for (const type of ACTIVITY) window.addEventListener(type, activity, { passive: true, capture: true });

  const stay = () => {
    dialog.close();
    dialog.remove();
    dialog = null;
    last = Date.now();
  };

  const showWarning = () => {
    countdown = h("strong", { class: "countdown" });
    dialog = h("dialog", { class: "idle-dialog", "aria-labelledby": "idle-title", "aria-describedby": "idle-text" },
      h("h2", { id: "idle-title" }, "Are you still there?"),
      h("p", { id: "idle-text" }, "For your privacy you will be signed out in ", countdown,
        " unless you choose to stay signed in."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: stay }, "Stay signed in"),
        h("button", { type: "button", onclick: () => finish() }, "Sign out now")));
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); stay(); });
    document.body.append(dialog);
    dialog.showModal();
  };

  let timer = null;
  const finish = () => {
    clearInterval(timer);
    for (const type of ACTIVITY) window.removeEventListener(type, activity, { capture: true });
    onTimeout();
  };

  // Compare wall-clock times each second: timers in a background tab are
  // throttled, and a phone may sleep, but the deadline still holds.
  timer = setInterval(() => {
    const quiet = Date.now() - last;
    if (quiet >= idle) return finish();
    if (quiet >= idle - warn) {
      if (!dialog) showWarning();
      countdown.textContent = clock(idle - quiet);
    }
  }, 500);
  return () => {
    clearInterval(timer);
    for (const type of ACTIVITY) window.removeEventListener(type, activity, { capture: true });
    if (dialog) dialog.remove();
  };
}
