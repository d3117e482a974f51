# A place status outside the scheme: a place cannot be "inferred" here.
DELETE { kgd:ev-judul kg:claimPlaceStatus ?s } INSERT { kgd:ev-judul kg:claimPlaceStatus kg:inferred }
WHERE  { kgd:ev-judul kg:claimPlaceStatus ?s }
