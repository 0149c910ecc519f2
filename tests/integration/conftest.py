"""Integration tests use the real local stack: see tests/support/stack.py."""
