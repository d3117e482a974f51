# The inferred date keeps only its Indonesian note.
DELETE { kgd:tanggal-2025-12-02 kg:inferenceNote ?note }
WHERE  { kgd:tanggal-2025-12-02 kg:inferenceNote ?note FILTER (LANG(?note) = "en") }
