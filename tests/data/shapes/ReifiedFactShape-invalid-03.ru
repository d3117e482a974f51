# A fact "derived from" a place rather than from a passage.
INSERT { ?st prov:wasDerivedFrom kgd:jakarta }
WHERE  { ?st rdf:subject kgd:bang-andra ; rdf:predicate schema:provider }
