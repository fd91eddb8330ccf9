"""Code both sides of the wire run: the counter's services and the central store (STYLE.md §12).

It may import app.domain and app.models, never app.services, app.sync, app.ui or app.central.
"""
