"""Page models: what an entity, passage, article, timeline, search or ontology page shows.

Rule: plain data from a store (pyoxigraph terms in, dataclasses out); may use :mod:`kg.query`,
:mod:`kg.store` and the shared modules, never Flask or the build, so each model is testable
without an app.
"""
