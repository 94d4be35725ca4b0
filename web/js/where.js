// The page the user was on before this one (the problem report's "which page"): the route
// path only (no query: it can carry ids), kept in memory, never stored.
let current = "";
let previous = "";

export function visited(path) {
  if (path && path !== current) {
    previous = current;
    current = path;
  }
}

export function previousPage() {
  return previous;
}
