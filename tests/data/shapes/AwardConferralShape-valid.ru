# The conferral located in Indonesia instead of Jakarta: still exactly one place.
DELETE { kgd:penganugerahan-pemprov-banten schema:location ?place }
INSERT { kgd:penganugerahan-pemprov-banten schema:location kgd:indonesia }
WHERE  { kgd:penganugerahan-pemprov-banten schema:location ?place } ;
# Statement-level evidence kept in step, as the build writes it (kg.build.statements): each new
# triple of kgd:penganugerahan-pemprov-banten reified, derived from the passages that support the node.
INSERT { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin ?origin ;
             prov:wasDerivedFrom ?ev }
WHERE  { VALUES ?s { kgd:penganugerahan-pemprov-banten } ?s ?p ?o .
         FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel))
         FILTER NOT EXISTS { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
         OPTIONAL { ?ev a oa:Annotation ; oa:hasBody ?s }
         BIND (IF(BOUND(?ev), kg:articleFact, kg:modellingFact) AS ?origin)
         BIND (IRI(CONCAT(STR(?s), "-st-", MD5(CONCAT(STR(?p), " ", STR(?o))))) AS ?st) }
