# "Not stated" while a date is given.
INSERT DATA { kgd:ev-kutipan-jalan-desa schema:dateCreated "2025-12-02"^^xsd:date }
