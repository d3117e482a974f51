# No place.
DELETE WHERE { kgd:keterangan-gubernur-kota-serang schema:locationCreated ?p }
