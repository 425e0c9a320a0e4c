"""progtui: a keyboard-driven terminal cockpit for program managers."""

__version__ = "0.1.0"
