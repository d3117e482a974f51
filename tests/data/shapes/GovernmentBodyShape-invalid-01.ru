# The regional parliament has no schema:name.
DELETE WHERE { kgd:dprd-banten schema:name ?name }
