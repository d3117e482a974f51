# The assessment measures no indicator.
DELETE WHERE { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:measuresIndicator ?i }
