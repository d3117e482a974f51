# The statement of a fact is deleted; the fact stays.
DELETE { ?st ?p ?v }
WHERE  { ?st rdf:subject kgd:bang-andra ; rdf:predicate schema:provider ; ?p ?v }
