"""Backup codes: ten single-use codes for a user who has lost the authenticator."""
