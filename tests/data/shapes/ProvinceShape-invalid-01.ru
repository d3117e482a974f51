# Banten lies in a city instead of a country.
DELETE { kgd:banten schema:containedInPlace ?place } INSERT { kgd:banten schema:containedInPlace kgd:jakarta }
WHERE  { kgd:banten schema:containedInPlace ?place }
