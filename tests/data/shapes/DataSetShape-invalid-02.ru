# A data set without a structure.
DELETE WHERE { kgd:keluaran-program-jalan-desa qb:structure ?dsd }
