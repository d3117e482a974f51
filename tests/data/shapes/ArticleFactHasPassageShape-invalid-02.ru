# Data Cube structure passed off as something the article says.
DELETE { ?st kg:factOrigin kg:modellingFact } INSERT { ?st kg:factOrigin kg:articleFact }
WHERE  { ?st rdf:subject kgd:penerima-manfaat-kebijakan ; rdf:predicate qb:structure ;
             kg:factOrigin kg:modellingFact }
