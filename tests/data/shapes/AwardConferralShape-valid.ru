# The conferral located in Indonesia instead of Jakarta: still exactly one place.
DELETE { kgd:penganugerahan-pemprov-banten schema:location ?place }
INSERT { kgd:penganugerahan-pemprov-banten schema:location kgd:indonesia }
WHERE  { kgd:penganugerahan-pemprov-banten schema:location ?place }
