// A few line icons (24x24, stroke) so the menu reads at a glance. Decorative only.
const PATHS = {
  home: "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
  health: "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z",
  visits: "M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6",
  documents: "M3 6h6l2 2h10v11H3zM3 10h18",
  practice: "M4 21V8l8-5 8 5v13M9 21v-6h6v6M11 9h2M12 8v2",
  account: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
  people: "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20a7 7 0 0 1 14 0M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14a6 6 0 0 1 4 6",
  review: "M4 4h16v12H4zM4 16l4 4h8l4-4M9 10l2 2 4-4",
  results: "M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3M7.5 14h9",
  audit: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
  holds: "M12 7v5l3 2M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z",
  calendar: "M4 6h16v15H4zM4 10h16M8 3v4M16 3v4",
  billing: "M3 6h18v12H3zM3 10h18M7 15h4",
  menu: "M4 7h16M4 12h16M4 17h16",
  inbox: "M4 13l3-8h10l3 8v6H4zM4 13h5l1 2h4l1-2h5",
  phone: "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z",
  signout: "M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10",
  alert: "M12 3l10 18H2zM12 10v5M12 18v.5",
};

export function icon(name, { size = 20 } = {}) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", PATHS[name] || PATHS.home);
  svg.append(path);
  return svg;
}
