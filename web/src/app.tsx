import { useEffect } from "preact/hooks";
import { LocationProvider } from "preact-iso";
import { startServices } from "./app-state";
import { Shell } from "./components/shell";
import { UpdatePrompt } from "./components/update-prompt";
import { Routes } from "./routes";

export function App() {
  // The PIN pad runs before anyone is signed in: the outbox and live socket start after a PIN sign-in (a full load).
  useEffect(() => {
    if (location.pathname !== "/pin") startServices();
  }, []);
  return (
    <LocationProvider>
      <Shell>
        <Routes />
      </Shell>
      <UpdatePrompt />
    </LocationProvider>
  );
}
