"""CounterDesk: counter desk for construction-personnel certification (建设从业人员考核窗口受理)."""

__version__ = "0.1.0"
