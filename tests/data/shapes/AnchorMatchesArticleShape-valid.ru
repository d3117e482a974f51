# Drop the full stop from "ujarnya.": exact, end and suffix move together and still match.
DELETE { kgd:ev-ujarnya-quote oa:exact ?exact ; oa:suffix ?suffix . kgd:ev-ujarnya-position oa:end ?end }
INSERT { kgd:ev-ujarnya-quote oa:exact "ujarnya" ; oa:suffix ?suffix2 . kgd:ev-ujarnya-position oa:end ?end2 }
WHERE  { kgd:ev-ujarnya-quote oa:exact ?exact ; oa:suffix ?suffix . kgd:ev-ujarnya-position oa:end ?end
         FILTER (?exact = "ujarnya.")
         BIND (STRDT(STR(?end - 1), xsd:nonNegativeInteger) AS ?end2)
         BIND (SUBSTR(CONCAT(".", ?suffix), 1, 32) AS ?suffix2) }
