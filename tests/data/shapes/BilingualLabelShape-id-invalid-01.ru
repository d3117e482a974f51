# Kota Serang loses its Indonesian label.
DELETE { kgd:kota-serang rdfs:label ?label }
WHERE  { kgd:kota-serang rdfs:label ?label FILTER (LANG(?label) = "id") }
