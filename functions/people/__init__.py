"""Min side: a nurse's own page, by a one-time sign-in link to her address (no account, no password)."""
