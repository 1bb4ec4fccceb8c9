/** Where sign-in returns to: a path of this site only (never `//host` or `/\host`), else the dashboard. */
export function safeNextPath(next: string | undefined): string {
  if (!next || next.length > 2000) return "/admin";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/admin";
  if (/[\u0000-\u001f]/.test(next) || next.startsWith("/login") || next.startsWith("/logout")) return "/admin";
  return next;
}
