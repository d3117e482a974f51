# A paraphrase: "kesenjangan" for "ketimpangan".
DELETE { kgd:kutipan-fokus-ketimpangan schema:text ?t } INSERT { kgd:kutipan-fokus-ketimpangan schema:text ?changed }
WHERE  { kgd:kutipan-fokus-ketimpangan schema:text ?t
         BIND (STRLANG(REPLACE(STR(?t), "ketimpangan", "kesenjangan"), "id") AS ?changed) }
