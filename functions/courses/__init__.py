"""Courses and meetings, and signing up for them."""
