# A different value for the finalists (test data, not the article's): still exactly one measure.
DELETE DATA { kgd:finalis-penilaian-2025-jumlah kg:finalistCount 19 } ;
INSERT DATA { kgd:finalis-penilaian-2025-jumlah kg:finalistCount 20 }
