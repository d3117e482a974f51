# The region code's value typed as a number (codes are strings: "36", "36.73").
DELETE { kgd:banten-kode-wilayah schema:value ?v } INSERT { kgd:banten-kode-wilayah schema:value 36 }
WHERE  { kgd:banten-kode-wilayah schema:value ?v }
