# New label texts for Jakarta, one per language.
DELETE { kgd:jakarta rdfs:label ?label }
INSERT { kgd:jakarta rdfs:label "DKI Jakarta"@id , "Jakarta (Special Capital Region)"@en }
WHERE  { kgd:jakarta rdfs:label ?label }
