"""The keyboard-driven Textual cockpit: a small App, its main screen, panes, dialogs and widgets."""
