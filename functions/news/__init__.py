"""The network's news, written in the leaders' area and published on the site (news/service.py)."""
