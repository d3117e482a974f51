# Both a date and a year-month (sh:xone).
INSERT DATA { kgd:tanggal-2025-12-01 time:inXSDgYearMonth "2025-12"^^xsd:gYearMonth }
