# A different English label for the ministry, still exactly one @en label.
DELETE { kgd:kemendagri rdfs:label ?label }
INSERT { kgd:kemendagri rdfs:label "Ministry of Home Affairs"@en }
WHERE  { kgd:kemendagri rdfs:label ?label FILTER (LANG(?label) = "en") }
