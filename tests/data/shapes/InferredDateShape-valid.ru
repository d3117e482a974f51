# A shorter English note on the inferred date.
DELETE { kgd:tanggal-2025-12-02 kg:inferenceNote ?note }
INSERT { kgd:tanggal-2025-12-02 kg:inferenceNote "The Tuesday after Monday 1 December 2025."@en }
WHERE  { kgd:tanggal-2025-12-02 kg:inferenceNote ?note FILTER (LANG(?note) = "en") } ;
# Statement-level evidence kept in step, as the build writes it (kg.build.statements): each new
# triple of kgd:tanggal-2025-12-02 reified, derived from the passages that support the node.
INSERT { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin ?origin ;
             prov:wasDerivedFrom ?ev }
WHERE  { VALUES ?s { kgd:tanggal-2025-12-02 } ?s ?p ?o .
         FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel))
         FILTER NOT EXISTS { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
         OPTIONAL { ?ev a oa:Annotation ; oa:hasBody ?s }
         BIND (IF(BOUND(?ev), kg:articleFact, kg:modellingFact) AS ?origin)
         BIND (IRI(CONCAT(STR(?s), "-st-", MD5(CONCAT(STR(?p), " ", STR(?o))))) AS ?st) }
