# Kota Serang linked to its Wikidata item (Q10126, see shared/design/vocabularies.md 4).
INSERT DATA { kgd:kota-serang schema:sameAs wd:Q10126 }
