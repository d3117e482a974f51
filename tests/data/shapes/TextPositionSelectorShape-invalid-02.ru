# Start and end swapped.
DELETE { kgd:ev-bang-andra-position oa:start ?s ; oa:end ?e } INSERT { kgd:ev-bang-andra-position oa:start ?e ; oa:end ?s }
WHERE  { kgd:ev-bang-andra-position oa:start ?s ; oa:end ?e }
