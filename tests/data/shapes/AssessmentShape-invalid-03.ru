# A parameter written as a string (under RDFS, an IRI value would be typed by the range).
INSERT DATA { kgd:penilaian-kinerja-pemerintahan-daerah-2025 kg:assessesParameter "inflasi" }
