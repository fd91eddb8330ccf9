"""The review screen's text colours: what stops approval (red), a reminder (amber), all passed (green)."""

RED, AMBER, GREEN = "#c62828", "#a86400", "#2e7d32"
