"""corpus-annotator: label news text paragraph by paragraph, export JSONL corpora."""

__version__ = "0.1.0"
