"""Self-contained widgets: the line table that draws only what is visible, header, detail."""
