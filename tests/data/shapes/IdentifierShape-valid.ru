# Another source for the BPS code.
DELETE { kgd:kota-serang-kode-bps dct:source ?source }
INSERT { kgd:kota-serang-kode-bps dct:source "BPS Master File Desa 2025" }
WHERE  { kgd:kota-serang-kode-bps dct:source ?source }
