# A parameter written as a string instead of a kg:AssessmentParameter.
INSERT DATA { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:assessesParameter "inflasi" }
