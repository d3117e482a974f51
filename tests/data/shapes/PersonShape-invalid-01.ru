# schema:name becomes language-tagged (the shape wants a plain xsd:string).
DELETE { kgd:andra-soni schema:name ?name } INSERT { kgd:andra-soni schema:name "Andra Soni"@id }
WHERE  { kgd:andra-soni schema:name ?name }
