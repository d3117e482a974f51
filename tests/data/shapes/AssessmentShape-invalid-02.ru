# The assessment's time is an instant (the month it began), not an interval.
DELETE { kgd:penilaian-kinerja-pemerintahan-daerah-2025 time:hasTime ?t }
INSERT { kgd:penilaian-kinerja-pemerintahan-daerah-2025 time:hasTime kgd:bulan-2025-10 }
WHERE  { kgd:penilaian-kinerja-pemerintahan-daerah-2025 time:hasTime ?t }
