/** Where sign-in returns to: a path of this site only (never `//host` or `/\host`), else the dashboard. */
export function safeNextPath(next: string | undefined): string {
  if (!next || next.length > 2000) return "/admin";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/admin";
  if (hasControlCharacter(next) || next.startsWith("/login") || next.startsWith("/logout")) return "/admin";
  return next;
}

/** A path with a control character (CR/LF injection, NUL) is never followed. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}
