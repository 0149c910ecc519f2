"""Course certificates (kursbevis) and their public check: see models.py."""
