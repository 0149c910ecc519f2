"""Code shared by every Lindra function."""
