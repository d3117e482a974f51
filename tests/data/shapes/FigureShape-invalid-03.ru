# A negative count.
DELETE { kgd:peserta-penilaian-2025-provinsi kg:participantCount ?n }
INSERT { kgd:peserta-penilaian-2025-provinsi kg:participantCount -38 }
WHERE  { kgd:peserta-penilaian-2025-provinsi kg:participantCount ?n }
