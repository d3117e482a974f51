# A place said to be stated that is not there.
DELETE { kgd:ev-judul kg:claimPlaceStatus ?s } INSERT { kgd:ev-judul kg:claimPlaceStatus kg:stated }
WHERE  { kgd:ev-judul kg:claimPlaceStatus ?s }
