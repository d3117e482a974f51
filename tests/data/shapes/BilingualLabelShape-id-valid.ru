# A different Indonesian label for the province, still exactly one @id label.
DELETE { kgd:banten rdfs:label ?label }
INSERT { kgd:banten rdfs:label "Provinsi Banten"@id }
WHERE  { kgd:banten rdfs:label ?label FILTER (LANG(?label) = "id") }
