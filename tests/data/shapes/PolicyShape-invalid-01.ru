# A policy name without a language tag.
DELETE { kgd:keberpihakan-wilayah-perdesaan schema:name ?n }
INSERT { kgd:keberpihakan-wilayah-perdesaan schema:name "Keberpihakan terhadap wilayah perdesaan" }
WHERE  { kgd:keberpihakan-wilayah-perdesaan schema:name ?n }
