# A date status outside kg:stated / kg:inferred.
DELETE { kgd:bulan-2025-10 kg:dateStatus ?s } INSERT { kgd:bulan-2025-10 kg:dateStatus kg:approximate }
WHERE  { kgd:bulan-2025-10 kg:dateStatus ?s }
