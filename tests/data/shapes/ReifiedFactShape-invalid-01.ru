# A statement that no longer says where its triple comes from.
DELETE { ?st kg:factOrigin ?origin }
WHERE  { ?st rdf:subject kgd:bang-andra ; rdf:predicate schema:provider ; kg:factOrigin ?origin }
