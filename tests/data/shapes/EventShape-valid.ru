# The ceremony also located in Indonesia (several places are allowed).
INSERT DATA { kgd:malam-penganugerahan-apresiasi-kinerja-pemerintahan-daerah-2025 schema:location kgd:indonesia }
