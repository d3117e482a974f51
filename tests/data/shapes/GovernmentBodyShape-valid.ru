# A longer name for the regional parliament.
DELETE { kgd:dprd-banten schema:name ?name }
INSERT { kgd:dprd-banten schema:name "Dewan Perwakilan Rakyat Daerah Provinsi Banten"@id }
WHERE  { kgd:dprd-banten schema:name ?name }
