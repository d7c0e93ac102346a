"""Use cases shared by the CLI and the GUI: import, annotate, export, merge, adjudicate."""
