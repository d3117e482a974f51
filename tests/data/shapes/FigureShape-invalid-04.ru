# The figure belongs to no data set.
DELETE WHERE { kgd:peserta-penilaian-2025-kota qb:dataSet ?ds }
