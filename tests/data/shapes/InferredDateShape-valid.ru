# A shorter English note on the inferred date.
DELETE { kgd:tanggal-2025-12-02 kg:inferenceNote ?note }
INSERT { kgd:tanggal-2025-12-02 kg:inferenceNote "The Tuesday after Monday 1 December 2025."@en }
WHERE  { kgd:tanggal-2025-12-02 kg:inferenceNote ?note FILTER (LANG(?note) = "en") }
