"""Visitors' SPARQL: the gate, execution in killable workers, results, the protocol, canned queries.

Rule: may use :mod:`kg.store` and the shared modules; never Flask, pages or the build. Every
query a visitor sends passes :func:`kg.query.sparql.execute` (parse, refuse, resolve the
dataset) before any store sees it.
"""
