# A date gets a third label in Malay: labels are @id or @en only.
INSERT DATA { kgd:tanggal-2025-12-01 rdfs:label "Isnin, 1 Disember 2025"@ms }
