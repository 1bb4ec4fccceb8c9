import { render } from "preact";
import { App } from "./app";
import "./styles/app.css";

// After a deploy an old page may ask for chunks that no longer exist: load the new version once.
window.addEventListener("vite:preloadError", () => {
  if (!sessionStorage.getItem("prt-reloaded")) {
    sessionStorage.setItem("prt-reloaded", "1");
    location.reload();
  }
});

const root = document.getElementById("app");
if (root) {
  // The boot text is static HTML, not a Preact tree: clear it before the first render.
  root.textContent = "";
  render(<App />, root);
}
