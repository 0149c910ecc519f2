"""The roster (navnelisten): units, resource nurses, change reports, coverage and the first import."""
