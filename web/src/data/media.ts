import { signal } from "@preact/signals";

/** Phones get cards, wider screens tables (pages.md "General look"). */
const query = typeof matchMedia === "function" ? matchMedia("(max-width: 760px)") : null;
export const isPhone = signal(query?.matches ?? false);
query?.addEventListener("change", (e) => {
  isPhone.value = e.matches;
});
