"""Attendance at courses and meetings, absence reported before a local meeting, and hours toward the yearly goal."""
