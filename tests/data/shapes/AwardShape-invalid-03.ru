# The award's name as a plain string.
DELETE { ?award schema:name ?name } INSERT { ?award schema:name "Penghargaan Kinerja Pemerintahan Daerah 2025" }
WHERE  { ?award a kg:Award ; schema:name ?name }
