import { SecurityScreen } from "../../screens/security-screen";
import { SignedInLayout } from "../../screens/signed-in-layout";

export default function SecurityPage() {
  return (
    <SignedInLayout>
      <SecurityScreen />
    </SignedInLayout>
  );
}
