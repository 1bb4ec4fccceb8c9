/** How a route is authenticated: none = public; key-or-session = X-API-Key or web session; session = web session only. */
export type AuthMode = "none" | "key-or-session" | "session";
