# Another source for the BPS code.
DELETE { kgd:kota-serang-kode-bps dct:source ?source }
INSERT { kgd:kota-serang-kode-bps dct:source "BPS Master File Desa 2025" }
WHERE  { kgd:kota-serang-kode-bps dct:source ?source } ;
# Statement-level evidence kept in step, as the build writes it (kg.build.statements): each new
# triple of kgd:kota-serang-kode-bps reified, derived from the passages that support the node.
INSERT { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin ?origin ;
             prov:wasDerivedFrom ?ev }
WHERE  { VALUES ?s { kgd:kota-serang-kode-bps } ?s ?p ?o .
         FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel))
         FILTER NOT EXISTS { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
         OPTIONAL { ?ev a oa:Annotation ; oa:hasBody ?s }
         BIND (IF(BOUND(?ev), kg:articleFact, kg:modellingFact) AS ?origin)
         BIND (IRI(CONCAT(STR(?s), "-st-", MD5(CONCAT(STR(?p), " ", STR(?o))))) AS ?st) }
