"""Fixtures shared by the tiers that run the real stack (integration, browser); each is made only when used."""

pytest_plugins = ["tests.support.stack"]
