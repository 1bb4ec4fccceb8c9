/** Entry of the lazy paper-inventory chunk (pages.md §14–15); the page lives in ./inventory/. */
export { default } from "./inventory/page";
