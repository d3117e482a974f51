# Offsets shifted by one code point.
DELETE { kgd:ev-finalis-position oa:start ?s ; oa:end ?e } INSERT { kgd:ev-finalis-position oa:start ?s2 ; oa:end ?e2 }
WHERE  { kgd:ev-finalis-position oa:start ?s ; oa:end ?e
         BIND (STRDT(STR(?s + 1), xsd:nonNegativeInteger) AS ?s2)
         BIND (STRDT(STR(?e + 1), xsd:nonNegativeInteger) AS ?e2) }
