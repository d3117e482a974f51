# A parameter without an English preferred label.
DELETE { kgd:inflasi skos:prefLabel ?l } WHERE { kgd:inflasi skos:prefLabel ?l FILTER (LANG(?l) = "en") }
