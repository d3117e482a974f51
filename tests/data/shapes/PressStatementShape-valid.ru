# The statement placed in the province instead of the city.
DELETE { kgd:keterangan-gubernur-kota-serang schema:locationCreated ?p }
INSERT { kgd:keterangan-gubernur-kota-serang schema:locationCreated kgd:banten }
WHERE  { kgd:keterangan-gubernur-kota-serang schema:locationCreated ?p }
