# One figure with two measures.
INSERT DATA { kgd:peserta-penilaian-2025-provinsi kg:finalistCount 19 }
