"""Recommenders: pure functions from a paragraph in its article to proposed annotations (no Qt, no SQL).

Each recommender is one module with a class satisfying :class:`~annotator.core.suggest.base.Recommender`,
registered in :data:`~annotator.core.suggest.registry.RECOMMENDERS`. The use case that stores proposals as
suggestions (``annotator suggest``, the window's worker) lives in ``annotator/services/suggest.py``.
"""
