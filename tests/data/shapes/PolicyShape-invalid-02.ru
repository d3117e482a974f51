# Two providers.
INSERT DATA { kgd:bang-andra schema:provider kgd:kemendagri }
