import { LoginScreen } from "../../screens/login-screen";

export default function LoginPage() {
  return <LoginScreen />;
}
