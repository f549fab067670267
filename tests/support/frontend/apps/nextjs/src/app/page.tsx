// A server component, as pages are in the app router, rendering the client page.
import { ClientPage } from "./client-page";

export default function Page() {
  return <ClientPage />;
}
