"""TOTP: authenticator apps (RFC 6238), set up with a QR code and confirmed with a code."""
