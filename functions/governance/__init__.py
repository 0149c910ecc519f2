"""The network's governance on the site: its groups and their members, the local networks' leaders and the network's
contact details, kept by the network leader in /leder/ (governance/service.py)."""
