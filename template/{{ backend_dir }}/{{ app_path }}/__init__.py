"""TOTP two-factor authentication for Django REST Framework."""
