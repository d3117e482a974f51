# The finalists' structure loses its measure (Data Cube IC-3).
DELETE WHERE { kgd:dsd-finalis-penilaian qb:component kgd:dsd-finalis-penilaian-jumlah }
