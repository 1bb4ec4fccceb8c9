import { NotBuiltYet } from "../components/page";

export default function Screen() {
  return <NotBuiltYet title="Centrifuge Trends" />;
}
