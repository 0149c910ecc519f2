"""Email delivery: the mail worker that sends what the outbox holds (common/outbox.py), SES's bounces and
complaints, the submitter's confirmation that releases held emails, and a leader's "send again"."""
