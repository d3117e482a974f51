# A status other than exact or approximate (provisional).
DELETE { kgd:finalis-penilaian-2025-jumlah sdmx-attribute:obsStatus ?s }
INSERT { kgd:finalis-penilaian-2025-jumlah sdmx-attribute:obsStatus sdmx-code:obsStatus-P }
WHERE  { kgd:finalis-penilaian-2025-jumlah sdmx-attribute:obsStatus ?s }
