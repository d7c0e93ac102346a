"""One module per input format, the decoding they share, and the registry that sorts files among them.

See :mod:`annotator.importing` for the layout and how to add a format.
"""
