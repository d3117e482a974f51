# The outlook of the free fees loses its only passage.
DELETE { ?st prov:wasDerivedFrom ?passage }
WHERE  { ?st rdf:subject kgd:pendidikan-gratis-sekolah-swasta ; rdf:predicate kg:outlook ;
             prov:wasDerivedFrom ?passage }
