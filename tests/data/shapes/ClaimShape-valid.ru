# The ministry's award criterion read as the journalist's report (both are organisations).
DELETE { kgd:ev-kriteria-penghargaan schema:author ?who ; kg:claimKind ?kind }
INSERT { kgd:ev-kriteria-penghargaan schema:author kgd:antara ; kg:claimKind kg:kindReport }
WHERE  { kgd:ev-kriteria-penghargaan schema:author ?who ; kg:claimKind ?kind }
