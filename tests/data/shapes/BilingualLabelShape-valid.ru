# Relabel the governor: still exactly one rdfs:label in Indonesian and one in English.
DELETE { kgd:andra-soni rdfs:label ?label }
INSERT { kgd:andra-soni rdfs:label "Andra Soni, Gubernur Banten"@id , "Andra Soni, Governor of Banten"@en }
WHERE  { kgd:andra-soni rdfs:label ?label }
