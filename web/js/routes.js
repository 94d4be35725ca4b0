// Every page of the portal, who may open it, and the menus built from them.
// access: "public" (signed out), "any" (signed in or not), "user" (any signed-in
// user), "patient" (a patient or caregiver), "staff"; roles narrow staff pages.

const page = (name) => () => import(`./pages/${name}.js`);

export const ROUTES = [
  { path: "/sign-in", page: page("signin"), access: "public", title: "Sign in" },
  { path: "/activate", page: page("activate"), access: "public", title: "Activate your account" },
  { path: "/staff-activate", page: page("staff-activate"), access: "public", title: "Activate your staff account" },
  { path: "/forgot", page: page("forgot"), access: "public", title: "Forgot your password" },
  { path: "/reset", page: page("reset"), access: "public", title: "Choose a new password" },
  { path: "/practice", page: page("practice"), access: "any", title: "Practice" },
  { path: "/home", page: page("home"), access: "patient", title: "Home" },
  { path: "/health", page: page("health"), access: "patient", title: "Health summary", scope: "full" },
  { path: "/visits", page: page("visits"), access: "patient", title: "Visit summaries", scope: "full" },
  { path: "/visits/:id", page: page("visit"), access: "patient", title: "Visit summary", scope: "full" },
  { path: "/appointments", page: page("appointments"), access: "patient", title: "Appointments" },
  { path: "/appointments/book", page: page("book"), access: "patient", title: "Book a visit" },
  { path: "/appointments/:id/checkin", page: page("checkin"), access: "patient", title: "Check in online", scope: "full" },
  { path: "/questionnaires/:id", page: page("questionnaire"), access: "patient", title: "Questionnaire", scope: "full" },
  { path: "/appointments/offers/:id", page: page("waitlist-offer"), access: "patient", title: "An earlier time" },
  { path: "/appointments/:id", page: page("appointment"), access: "patient", title: "Visit" },
  { path: "/results", page: page("results"), access: "patient", title: "Test results", scope: "full" },
  { path: "/results/trend/:code", page: page("trend"), access: "patient", title: "Test trend", scope: "full" },
  { path: "/results/:id", page: page("result"), access: "patient", title: "Test result", scope: "full" },
  { path: "/documents", page: page("documents"), access: "patient", title: "Documents", scope: "full" },
  { path: "/billing", page: page("billing"), access: "patient", title: "Billing", scope: "full" },
  { path: "/billing/:id", page: page("statement"), access: "patient", title: "Statement", scope: "full" },
  { path: "/guest-pay", page: page("guest-pay"), access: "any", title: "Pay a bill" },
  { path: "/messages", page: page("messages"), access: "patient", title: "Messages" },
  { path: "/messages/new", page: page("message-new"), access: "patient", title: "Write a message" },
  { path: "/messages/:id", page: page("message"), access: "patient", title: "Message" },
  { path: "/account", page: page("account"), access: "user", title: "Account" },
  { path: "/problems", page: page("problems"), access: "user", title: "Report a problem" },
  { path: "/mfa-setup", page: page("mfa-setup"), access: "user", title: "Two-step sign-in" },
  { path: "/staff/today", page: page("staff/today"), access: "staff", title: "Today" },
  { path: "/staff", page: page("staff/directory"), access: "staff", title: "Patients" },
  { path: "/staff/new", page: page("staff/new-patient"), access: "staff", title: "New patient",
    roles: ["provider", "nurse", "front_desk", "admin"] },
  { path: "/staff/patients/:id", page: page("staff/chart"), access: "staff", title: "Patient chart" },
  { path: "/staff/patients/:id/summaries/:sid", page: page("staff/summary-editor"), access: "staff",
    title: "Visit summary", roles: ["provider", "nurse"] },
  { path: "/staff/summary-templates", page: page("staff/summary-templates"), access: "staff",
    title: "My summary templates", roles: ["provider", "nurse"] },
  { path: "/staff/inbox", page: page("staff/inbox"), access: "staff", title: "Inbox" },
  { path: "/staff/inbox/:pid/:tid", page: page("staff/conversation"), access: "staff", title: "Conversation" },
  { path: "/staff/review", page: page("staff/review"), access: "staff", title: "Review queue",
    roles: ["provider", "nurse"] },
  { path: "/staff/checkin/:pid/:aid", page: page("staff/checkin-review"), access: "staff", title: "Online check-in",
    roles: ["provider", "nurse", "front_desk", "admin"] },
  { path: "/staff/schedule", page: page("staff/schedule"), access: "staff", title: "Schedule",
    roles: ["provider", "nurse", "front_desk", "admin"] },
  { path: "/staff/requests", page: page("staff/requests"), access: "staff", title: "Visit requests",
    roles: ["front_desk", "admin"] },
  { path: "/staff/scheduling", page: page("staff/scheduling"), access: "staff", title: "Scheduling setup",
    roles: ["front_desk", "admin"] },
  { path: "/staff/results", page: page("staff/results-inbox"), access: "staff", title: "Results inbox",
    roles: ["provider", "nurse"] },
  { path: "/staff/results-match", page: page("staff/results-match"), access: "staff", title: "Unmatched results",
    roles: ["provider", "nurse", "front_desk", "admin"] },
  { path: "/staff/billing", page: page("staff/billing"), access: "staff", title: "Billing",
    roles: ["billing", "admin"] },
  { path: "/staff/holds", page: page("staff/holds"), access: "staff", title: "Holds report", roles: ["admin"] },
  { path: "/staff/adoption", page: page("staff/adoption"), access: "staff", title: "Portal adoption",
    roles: ["admin", "provider"] },
  { path: "/staff/interfaces", page: page("staff/interfaces"), access: "staff", title: "Connected systems",
    roles: ["admin"] },
  { path: "/staff/practice", page: page("staff/practice-editor"), access: "staff", title: "Practice information",
    roles: ["admin"] },
  { path: "/staff/messaging", page: page("staff/messaging-setup"), access: "staff", title: "Messaging setup",
    roles: ["admin"] },
  { path: "/staff/result-names", page: page("staff/result-names"), access: "staff", title: "Test names",
    roles: ["admin", "provider"] },
  { path: "/staff/forms", page: page("staff/forms"), access: "staff", title: "Forms and consents", roles: ["admin"] },
  { path: "/staff/audit", page: page("staff/audit"), access: "staff", title: "Audit search", roles: ["admin"] },
  { path: "/staff/team", page: page("staff/staff-admin"), access: "staff", title: "Staff", roles: ["admin"] },
  { path: "/staff/problems", page: page("staff/problems"), access: "staff", title: "Problem reports",
    roles: ["admin"] },
  { path: "/staff/import", page: page("staff/patient-import"), access: "staff", title: "Import patients",
    roles: ["admin"] },
];

// Menus: only features that exist; each one tap away.
// scope "full": clinical features that a limited proxy does not reach.
export const PATIENT_MENU = [
  { href: "#/home", label: "Home", icon: "home" },
  { href: "#/appointments", label: "Appointments", icon: "calendar" },
  { href: "#/messages", label: "Messages", icon: "inbox" },
  { href: "#/health", label: "Health summary", icon: "health", scope: "full" },
  { href: "#/visits", label: "Visit summaries", icon: "visits", scope: "full" },
  { href: "#/results", label: "Test results", icon: "results", scope: "full" },
  { href: "#/documents", label: "Documents", icon: "documents", scope: "full" },
  { href: "#/billing", label: "Billing", icon: "billing", scope: "full" },
  { href: "#/practice", label: "Practice", icon: "practice" },
  { href: "#/account", label: "Account", icon: "account" },
  { href: "#/problems", label: "Report a problem", icon: "review" },
];

export const STAFF_MENU = [
  { href: "#/staff/today", label: "Today", icon: "home" },
  { href: "#/staff", label: "Patients", icon: "people" },
  { href: "#/staff/inbox", label: "Inbox", icon: "inbox" },
  { href: "#/staff/schedule", label: "Schedule", icon: "calendar", roles: ["provider", "nurse", "front_desk", "admin"] },
  { href: "#/staff/requests", label: "Visit requests", icon: "inbox", roles: ["front_desk", "admin"] },
  { href: "#/staff/scheduling", label: "Scheduling setup", icon: "holds", roles: ["front_desk", "admin"] },
  { href: "#/staff/review", label: "Review queue", icon: "review", roles: ["provider", "nurse"] },
  { href: "#/staff/results", label: "Results inbox", icon: "results", roles: ["provider", "nurse"] },
  { href: "#/staff/summary-templates", label: "Summary templates", icon: "visits", roles: ["provider", "nurse"] },
  { href: "#/staff/results-match", label: "Unmatched results", icon: "inbox", roles: ["provider", "nurse", "front_desk", "admin"] },
  { href: "#/staff/billing", label: "Billing", icon: "billing", roles: ["billing", "admin"] },
  { href: "#/staff/practice", label: "Practice information", icon: "practice", roles: ["admin"] },
  { href: "#/practice", label: "Practice information", icon: "practice", notRoles: ["admin"] },
  { href: "#/staff/messaging", label: "Messaging setup", icon: "inbox", roles: ["admin"] },
  { href: "#/staff/result-names", label: "Test names", icon: "results", roles: ["admin", "provider"] },
  { href: "#/staff/holds", label: "Holds report", icon: "holds", roles: ["admin"] },
  { href: "#/staff/adoption", label: "Portal adoption", icon: "review", roles: ["admin", "provider"] },
  { href: "#/staff/interfaces", label: "Connected systems", icon: "audit", roles: ["admin"] },
  { href: "#/staff/team", label: "Staff", icon: "people", roles: ["admin"] },
  { href: "#/staff/import", label: "Import patients", icon: "people", roles: ["admin"] },
  { href: "#/staff/problems", label: "Problem reports", icon: "review", roles: ["admin"] },
  { href: "#/staff/forms", label: "Forms and consents", icon: "review", roles: ["admin"] },
  { href: "#/staff/audit", label: "Audit search", icon: "audit", roles: ["admin"] },
  { href: "#/account", label: "Account", icon: "account" },
  { href: "#/problems", label: "Report a problem", icon: "review" },
];

export function match(path) {
  for (const route of ROUTES) {
    const names = [];
    const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, (_, n) => { names.push(n); return "([^/]+)"; })}$`);
    const m = pattern.exec(path);
    if (m) {
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      return { route, params };
    }
  }
  return null;
}
