import { render } from "preact";
import { Home } from "./home";
import "./styles.css";

const root = document.getElementById("app");
if (root) render(<Home />, root);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // The app works without offline support; nothing to tell the user.
  });
}
