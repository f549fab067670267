"""The two-phase sign-in: the password, then a code against a short-lived challenge."""
