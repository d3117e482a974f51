# The region code no longer says where it was verified.
DELETE WHERE { kgd:banten-kode-wilayah dct:source ?source }
