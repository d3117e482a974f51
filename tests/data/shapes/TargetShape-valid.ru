# The quote selector of one target renamed: the target still has exactly two selectors.
DELETE { kgd:ev-perluasan-quote ?p ?o } INSERT { kgd:ev-perluasan-kutipan ?p ?o } WHERE { kgd:ev-perluasan-quote ?p ?o } ;
DELETE { ?s ?p kgd:ev-perluasan-quote } INSERT { ?s ?p kgd:ev-perluasan-kutipan } WHERE { ?s ?p kgd:ev-perluasan-quote }
