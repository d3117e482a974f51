# A label without a language tag.
INSERT DATA { kgd:jakarta rdfs:label "Jakarta" }
