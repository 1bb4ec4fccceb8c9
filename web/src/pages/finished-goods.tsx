/** Entry of the lazy finished-goods chunk (pages.md §16); the page lives in ./finished-goods/. */
export { default } from "./finished-goods/page";
