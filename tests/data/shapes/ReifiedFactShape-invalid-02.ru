# A statement that reifies two objects at once.
INSERT { ?st rdf:object kgd:banten }
WHERE  { ?st rdf:subject kgd:bang-andra ; rdf:predicate schema:provider }
