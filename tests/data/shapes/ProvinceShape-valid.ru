# A further identifier, a complete schema:PropertyValue.
INSERT DATA { kgd:banten schema:identifier kgd:banten-kode-contoh .
              kgd:banten-kode-contoh a schema:PropertyValue ; schema:propertyID "Kode contoh" ;
              schema:value "BT" ; dct:source "test example" } ;
# Statement-level evidence kept in step, as the build writes it (kg.build.statements): each new
# triple of kgd:banten reified, derived from the passages that support the node.
INSERT { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin ?origin ;
             prov:wasDerivedFrom ?ev }
WHERE  { VALUES ?s { kgd:banten } ?s ?p ?o .
         FILTER (?p NOT IN (rdf:type, rdfs:label, skos:prefLabel, skos:altLabel))
         FILTER NOT EXISTS { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
         OPTIONAL { ?ev a oa:Annotation ; oa:hasBody ?s }
         BIND (IF(BOUND(?ev), kg:articleFact, kg:modellingFact) AS ?origin)
         BIND (IRI(CONCAT(STR(?s), "-st-", MD5(CONCAT(STR(?p), " ", STR(?o))))) AS ?st) }
