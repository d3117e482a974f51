# New preferred labels for a parameter, one per language.
DELETE { kgd:inflasi skos:prefLabel ?l }
INSERT { kgd:inflasi skos:prefLabel "Pengendalian inflasi"@id , "Inflation control"@en }
WHERE  { kgd:inflasi skos:prefLabel ?l }
