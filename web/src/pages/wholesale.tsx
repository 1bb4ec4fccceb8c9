/** Entry of the lazy wholesale chunk (pages.md §17); the page lives in ./wholesale/. */
export { default } from "./wholesale/page";
