"""Exports for leaders: rows of registrations (later hospitation and roster) as files that open right in Excel."""
