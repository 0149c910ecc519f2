"""The newsletter: its subscriptions (double opt-in through a public form, or from the roster), and leaving it."""
