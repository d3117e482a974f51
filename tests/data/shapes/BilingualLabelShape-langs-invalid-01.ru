# A second English label for Jakarta (sh:uniqueLang).
INSERT DATA { kgd:jakarta rdfs:label "Jakarta Special Capital Region"@en }
