# The date as the weekday word instead of an xsd:date.
DELETE { kgd:keterangan-gubernur-kota-serang schema:dateCreated ?d }
INSERT { kgd:keterangan-gubernur-kota-serang schema:dateCreated "Selasa" }
WHERE  { kgd:keterangan-gubernur-kota-serang schema:dateCreated ?d }
