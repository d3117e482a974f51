# Two Indonesian preferred labels.
INSERT DATA { kgd:sma skos:prefLabel "Sekolah Menengah Atas swasta"@id }
