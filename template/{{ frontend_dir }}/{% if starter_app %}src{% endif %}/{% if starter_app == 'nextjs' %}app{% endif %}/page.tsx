// The home page. Pages are server components; the screens they show are client ones.
import { HomeScreen } from "../screens/home-screen";
import { SignedInLayout } from "../screens/signed-in-layout";

export default function HomePage() {
  return (
    <SignedInLayout>
      <HomeScreen />
    </SignedInLayout>
  );
}
