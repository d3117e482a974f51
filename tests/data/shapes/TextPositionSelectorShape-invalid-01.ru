# oa:start typed xsd:integer, not xsd:nonNegativeInteger.
DELETE { kgd:ev-judul-position oa:start ?s } INSERT { kgd:ev-judul-position oa:start ?int }
WHERE  { kgd:ev-judul-position oa:start ?s BIND (STRDT(STR(?s), xsd:integer) AS ?int) }
