# The lead paragraph's second occurrence no longer supports the award's year: the first still does.
DELETE { ?st prov:wasDerivedFrom kgd:ev-paragraf-pembuka-ulang }
WHERE  { ?st rdf:subject kgd:penghargaan-kinerja-pemerintahan-daerah-2025 ; rdf:predicate kg:awardYear ;
             prov:wasDerivedFrom kgd:ev-paragraf-pembuka-ulang }
