# The ministry "serves" a news agency instead of a place.
DELETE { kgd:kemendagri schema:areaServed ?place } INSERT { kgd:kemendagri schema:areaServed kgd:antara }
WHERE  { kgd:kemendagri schema:areaServed ?place }
