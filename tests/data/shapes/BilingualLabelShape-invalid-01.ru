# The provincial government loses its English label.
DELETE { kgd:pemprov-banten rdfs:label ?label }
WHERE  { kgd:pemprov-banten rdfs:label ?label FILTER (LANG(?label) = "en") }
