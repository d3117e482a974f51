# The road figure marked approximate instead of exact (both are allowed).
DELETE { kgd:ruas-jalan-bang-andra-2025 sdmx-attribute:obsStatus ?s }
INSERT { kgd:ruas-jalan-bang-andra-2025 sdmx-attribute:obsStatus sdmx-code:obsStatus-E }
WHERE  { kgd:ruas-jalan-bang-andra-2025 sdmx-attribute:obsStatus ?s }
