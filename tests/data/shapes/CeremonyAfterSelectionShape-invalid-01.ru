# Selection begins in January 2026, after the ceremony.
DELETE { kgd:bulan-2025-10 time:inXSDgYearMonth ?m } INSERT { kgd:bulan-2025-10 time:inXSDgYearMonth "2026-01"^^xsd:gYearMonth }
WHERE  { kgd:bulan-2025-10 time:inXSDgYearMonth ?m }
