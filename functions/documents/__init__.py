"""The network's documents (mandate, strategy, plans, annual reports) in versions, uploaded in the leaders' area and
published on the site (documents/service.py)."""
