# The Wikidata page URL instead of the entity IRI.
DELETE { kgd:jakarta schema:sameAs ?item } INSERT { kgd:jakarta schema:sameAs <https://www.wikidata.org/wiki/Q3630> }
WHERE  { kgd:jakarta schema:sameAs ?item }
