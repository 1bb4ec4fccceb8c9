import { Page } from "../components/page";

export default function NotFound() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address.</p>
      <a class="btn btn-primary" href="/admin">
        Go to the Production Dashboard
      </a>
    </Page>
  );
}
