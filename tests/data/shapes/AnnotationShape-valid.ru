# The award criterion attributed to the journalist instead of the ministry (still an organisation).
DELETE { kgd:ev-kriteria-penghargaan kg:assertedBy ?who } INSERT { kgd:ev-kriteria-penghargaan kg:assertedBy kgd:antara }
WHERE  { kgd:ev-kriteria-penghargaan kg:assertedBy ?who }
