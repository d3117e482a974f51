# The development plan loses its English label.
DELETE { kgd:rpjmd-banten rdfs:label ?label }
WHERE  { kgd:rpjmd-banten rdfs:label ?label FILTER (LANG(?label) = "en") }
