# The governor's IRI is not a lower-case slug.
DELETE { kgd:andra-soni ?p ?o } INSERT { <https://kg.example.org/id/Andra_Soni> ?p ?o }
WHERE  { kgd:andra-soni ?p ?o } ;
DELETE { ?s ?p kgd:andra-soni } INSERT { ?s ?p <https://kg.example.org/id/Andra_Soni> }
WHERE  { ?s ?p kgd:andra-soni }
