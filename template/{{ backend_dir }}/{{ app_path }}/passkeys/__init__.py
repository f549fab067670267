"""Passkeys (WebAuthn): a phishing-resistant second factor, checked by py_webauthn."""
