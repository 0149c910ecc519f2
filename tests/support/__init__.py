"""Helpers every test tier shares: sample input and courses."""
