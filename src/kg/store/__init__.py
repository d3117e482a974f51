"""Stores: the embedded Oxigraph store (in memory or on disk) and external SPARQL stores.

Rule: depends on pyoxigraph, requests and the shared modules only; knows nothing of queries
as a service, pages or HTTP views. :mod:`kg.store.backend` is the one place the STORE setting
is read; upstream failures become :class:`kg.errors.UpstreamError` here and nowhere else.
"""
