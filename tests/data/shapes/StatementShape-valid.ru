# Another reported statement by the governor (labelled and evidenced).
INSERT DATA { kgd:pernyataan-contoh a kg:ReportedSpeech ; schema:creator kgd:andra-soni ;
              rdfs:label "Pernyataan contoh"@id , "Example statement"@en .
              kgd:ev-rpjmd oa:hasBody kgd:pernyataan-contoh }
