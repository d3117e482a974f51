# A fact removed together with its statement leaves nothing unreified.
DELETE { kgd:pendidikan-gratis-sekolah-swasta kg:outlook ?o . ?st ?p ?v }
WHERE  { kgd:pendidikan-gratis-sekolah-swasta kg:outlook ?o .
         ?st rdf:subject kgd:pendidikan-gratis-sekolah-swasta ; rdf:predicate kg:outlook ; rdf:object ?o ; ?p ?v }
