# Another stated instant with exactly one xsd:date (labelled and evidenced, as every instant must be).
INSERT DATA { kgd:tanggal-contoh a time:Instant ; time:inXSDDate "2025-11-30"^^xsd:date ; kg:dateStatus kg:stated ;
              rdfs:label "30 November 2025"@id , "30 November 2025"@en .
              kgd:ev-seleksi oa:hasBody kgd:tanggal-contoh }
