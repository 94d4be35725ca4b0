// One visit (patient side), the page reminders link to: when and where, what to bring,
// and for a video visit the device check (camera preview, microphone level) and the
// Join link, which the API gives from 30 minutes before the start. The portal hosts
// no video: Join opens the practice's video service.
import { h } from "../dom.js";
import { dayWords, getForAnyPatient, instantTime, STATUS, timeWords, zoneWords } from "../appointments-common.js";
import { takeFlash, notice } from "../forms.js";
import * as session from "../session.js";
import { waitlistSection } from "../waitlist.js";

export async function render({ params }) {
  const a = await getForAnyPatient((pid) => `/patients/${pid}/appointments/${params.id}`);
  const [label, tone] = STATUS[a.status] || [a.status, ""];
  const video = a.mode === "telehealth";
  const live = ["booked", "arrived"].includes(a.status);
  return [
    takeFlash(notice()),
    h("div", { class: "page-head" }, h("div", {},
      h("p", { class: "small" }, h("a", { href: "#/appointments" }, "← Appointments")),
      h("h1", {}, a.visit_type_name),
      h("p", {}, h("strong", {}, `${dayWords(a.date)} at ${timeWords(a.time)}`), ` (${zoneWords(a.timezone)} time)`),
      h("p", { class: "muted" }, [a.provider_name, video ? "Video visit" : "At the practice"].filter(Boolean).join(" · "),
        " ", h("span", { class: `badge ${tone}` }, label)))),
    video && live ? videoSection(a) : null,
    a.what_to_bring && a.what_to_bring.length ? h("section", { class: "panel", "aria-labelledby": "bring-h" },
      h("h2", { id: "bring-h" }, "What to bring"),
      a.what_to_bring.map((b) => h("div", { class: "bring" }, h("h3", {}, b.title), h("p", { class: "prose" }, b.text))))
      : null,
    a.status === "booked" ? waitlistSection(a) : null,
  ];
}

function videoSection(a) {
  const opens = instantTime(a.telehealth_opens_at, a.timezone);
  const join = a.telehealth_url
    ? h("p", {}, h("a", { class: "button primary", id: "join-video", href: a.telehealth_url, target: "_blank",
      rel: "noopener noreferrer" }, "Join the video visit"),
    h("span", { class: "small muted" }, " Opens the practice's video service in a new tab."))
    : h("p", { class: "notice notice-info" }, a.telehealth_link_set
      ? `The Join button appears here at ${opens}, 30 minutes before the visit. Test your camera and microphone now.`
      : "The practice has not added the link to join yet. It shows here before the visit; call the practice if it does not.");
  return h("section", { class: "panel", "aria-labelledby": "video-h" },
    h("h2", { id: "video-h" }, "Video visit"),
    h("p", {}, `${session.viewingSelf() ? "You join" : "Join"} from a phone, tablet or computer with a camera and microphone, `
      + "somewhere quiet with good light. First check that the browser may use them:"),
    deviceCheck(),
    join);
}

// Camera and microphone test: getUserMedia, a muted local preview, and the microphone's
// level from an AnalyserNode. Stopped when the page is left (the camera light goes off).
function deviceCheck() {
  const preview = h("video", { class: "device-preview", autoplay: true, muted: true, playsinline: true,
    "aria-label": "Your camera's picture", hidden: true });
  preview.muted = true;
  const meter = h("meter", { id: "mic-level", min: "0", max: "1", low: "0.05", optimum: "0.5", value: "0" });
  const meterRow = h("div", { class: "field", hidden: true }, h("label", { for: "mic-level" }, "Microphone level: speak and the bar moves"), meter);
  const result = h("div", { class: "notice", role: "status", hidden: true });
  const say = (kind, message) => {
    result.className = `notice notice-${kind}`;
    result.textContent = message;
    result.hidden = false;
  };
  let stream = null;
  let audio = null;
  const stop = () => {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    if (audio) audio.close().catch(() => {});
    stream = null;
    audio = null;
  };
  window.addEventListener("hashchange", stop, { once: true });

  const listen = (source) => {
    audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(source).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      if (!audio) return;
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
      meter.value = Math.min(1, rms * 4);
      if (meter.value > 0.02) meter.dataset.heard = "yes";
      requestAnimationFrame(tick);
    };
    tick();
  };

  const test = async (event) => {
    const button = event.currentTarget;
    stop();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("error", "This browser cannot use a camera here. Use an up-to-date Chrome, Safari, Edge or Firefox.");
      return;
    }
    button.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      preview.srcObject = stream;
      preview.hidden = false;
      meterRow.hidden = false;
      listen(stream);
      say("ok", "Your camera and microphone work. You should see yourself above; speak and the microphone bar moves.");
    } catch (error) {
      preview.hidden = true;
      meterRow.hidden = true;
      if (error.name === "NotAllowedError" || error.name === "SecurityError") {
        say("error", "The browser was not allowed to use your camera and microphone. Allow them (the camera icon "
          + "in the address bar, or your phone's settings for this browser), then press Test again.");
      } else if (error.name === "NotFoundError" || error.name === "OverconstrainedError") {
        say("error", "No camera or microphone was found. Connect one, or join from a phone or tablet.");
      } else if (error.name === "NotReadableError") {
        say("error", "Your camera or microphone is in use by another app. Close it, then press Test again.");
      } else {
        say("error", "The camera and microphone could not be tested. Try another browser, or call the practice.");
      }
    } finally {
      button.disabled = false;
    }
  };
  return h("div", { class: "device-check" },
    h("p", {}, h("button", { type: "button", id: "test-devices", onclick: test }, "Test camera and microphone")),
    preview, meterRow, result);
}
