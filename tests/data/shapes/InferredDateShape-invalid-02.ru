# The inferred date no longer says what it was inferred from.
DELETE WHERE { kgd:tanggal-2025-12-02 kg:inferredFrom ?from }
