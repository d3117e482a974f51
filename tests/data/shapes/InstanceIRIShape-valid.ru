# Rename northern Banten to another lower-case slug under /id/.
DELETE { kgd:wilayah-utara-banten ?p ?o } INSERT { kgd:banten-utara ?p ?o }
WHERE  { kgd:wilayah-utara-banten ?p ?o } ;
DELETE { ?s ?p kgd:wilayah-utara-banten } INSERT { ?s ?p kgd:banten-utara }
WHERE  { ?s ?p kgd:wilayah-utara-banten }
