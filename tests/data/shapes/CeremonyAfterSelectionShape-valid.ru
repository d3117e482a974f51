# Selection begins in November 2025: still not after the ceremony (1 December 2025).
DELETE { kgd:bulan-2025-10 time:inXSDgYearMonth ?m } INSERT { kgd:bulan-2025-10 time:inXSDgYearMonth "2025-11"^^xsd:gYearMonth }
WHERE  { kgd:bulan-2025-10 time:inXSDgYearMonth ?m }
