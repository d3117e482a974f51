# One indicator fewer: at least one remains.
DELETE DATA { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:measuresIndicator kgd:akselerasi-pelaksanaan-psn }
