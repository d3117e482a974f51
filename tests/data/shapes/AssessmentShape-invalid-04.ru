# The assessment selects for a place, not an award (an IRI: validation does not type values by rdfs:range).
DELETE { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:selectionFor ?a }
INSERT { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:selectionFor kgd:banten }
WHERE  { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:selectionFor ?a }
