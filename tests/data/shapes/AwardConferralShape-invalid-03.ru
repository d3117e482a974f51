# The "place" of the conferral is an organisation.
DELETE { kgd:penganugerahan-pemprov-banten schema:location ?place }
INSERT { kgd:penganugerahan-pemprov-banten schema:location kgd:pemprov-banten }
WHERE  { kgd:penganugerahan-pemprov-banten schema:location ?place }
