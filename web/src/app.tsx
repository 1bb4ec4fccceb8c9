import { useEffect } from "preact/hooks";
import { LocationProvider } from "preact-iso";
import { startServices } from "./app-state";
import { Shell } from "./components/shell";
import { UpdatePrompt } from "./components/update-prompt";
import { Routes } from "./routes";

export function App() {
  useEffect(startServices, []);
  return (
    <LocationProvider>
      <Shell>
        <Routes />
      </Shell>
      <UpdatePrompt />
    </LocationProvider>
  );
}
