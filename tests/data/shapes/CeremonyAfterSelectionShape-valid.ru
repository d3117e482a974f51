# Selection begins in November 2025: still not after the ceremony (1 December 2025).
DELETE { kgd:bulan-2025-10 time:inXSDgYearMonth ?m } INSERT { kgd:bulan-2025-10 time:inXSDgYearMonth "2025-11"^^xsd:gYearMonth }
WHERE  { kgd:bulan-2025-10 time:inXSDgYearMonth ?m } ;
# Statement-level evidence kept in step, as the build writes it (kg.build.statements): each new
# triple of kgd:bulan-2025-10 reified, derived from the passages that support the node.
INSERT { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin ?origin ;
             prov:wasDerivedFrom ?ev }
WHERE  { VALUES ?s { kgd:bulan-2025-10 } ?s ?p ?o .
         FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel))
         FILTER NOT EXISTS { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
         OPTIONAL { ?ev a oa:Annotation ; oa:hasBody ?s }
         BIND (IF(BOUND(?ev), kg:articleFact, kg:modellingFact) AS ?origin)
         BIND (IRI(CONCAT(STR(?s), "-st-", MD5(CONCAT(STR(?p), " ", STR(?o))))) AS ?st) }
