"""Views by audience: sales.py, client.py (portal), worker.py (portal)."""
