# A second passage for a fact: the free fees' provider is also named by the beneficiaries' passage.
INSERT { ?st prov:wasDerivedFrom kgd:ev-penerima-manfaat }
WHERE  { ?st rdf:subject kgd:pendidikan-gratis-sekolah-swasta ; rdf:predicate schema:provider }
