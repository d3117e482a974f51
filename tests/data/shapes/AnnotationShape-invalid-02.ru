# A place "asserts" a passage.
DELETE { kgd:ev-seleksi kg:assertedBy ?who } INSERT { kgd:ev-seleksi kg:assertedBy kgd:banten }
WHERE  { kgd:ev-seleksi kg:assertedBy ?who }
