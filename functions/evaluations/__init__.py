"""Course evaluations: a one-time anonymous link to each participant after a course, and the results per course."""
