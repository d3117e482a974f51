# The inferred date is "supported" by a node that is not an annotation.
DELETE { ?annotation oa:hasBody kgd:tanggal-2025-12-02 }
INSERT { kgd:catatan-tanggal oa:hasBody kgd:tanggal-2025-12-02 }
WHERE  { ?annotation oa:hasBody kgd:tanggal-2025-12-02 }
