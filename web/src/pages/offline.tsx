import { Page } from "../components/page";

/** `/offline`: what the floor can still do without a connection. */
export default function Offline() {
  return (
    <Page title="You are offline">
      <p>
        The app keeps working: the dashboard and plan pages show the last numbers saved on this device, and count buttons keep working.
        Every change waits on this device and is sent once, in order, when the connection is back.
      </p>
      <a class="btn btn-primary" href="/admin">
        Go to the Production Dashboard
      </a>
    </Page>
  );
}
