# The Indonesian words tagged as English.
DELETE { kgd:kutipan-jalan-desa schema:text ?t } INSERT { kgd:kutipan-jalan-desa schema:text ?en }
WHERE  { kgd:kutipan-jalan-desa schema:text ?t BIND (STRLANG(STR(?t), "en") AS ?en) }
