# Its time is an interval, not an instant.
DELETE { kgd:keterangan-gubernur-kota-serang time:hasTime ?t }
INSERT { kgd:keterangan-gubernur-kota-serang time:hasTime kgd:periode-seleksi-2025 }
WHERE  { kgd:keterangan-gubernur-kota-serang time:hasTime ?t }
