"""The offline build: the article and the curated files in, a validated, released build out.

Rule: depends on rdflib, owlrl, pySHACL and the shared modules only, and is imported only by
:mod:`kg.cli`; nothing that serves imports it (the server reads the build output folder, see
:mod:`kg.output`). Every failure is a :class:`kg.errors.KGError` that names the file and line.
"""
