# Kota Serang minted outside {base}id/.
DELETE { kgd:kota-serang ?p ?o } INSERT { <https://kg.example.org/place/kota-serang> ?p ?o }
WHERE  { kgd:kota-serang ?p ?o } ;
DELETE { ?s ?p kgd:kota-serang } INSERT { ?s ?p <https://kg.example.org/place/kota-serang> }
WHERE  { ?s ?p kgd:kota-serang }
