# The village-roads quote given the press statement's place: stated, and its status says so.
DELETE { kgd:ev-kutipan-jalan-desa kg:claimPlaceStatus kg:notStated }
INSERT { kgd:ev-kutipan-jalan-desa kg:claimPlaceStatus kg:stated ; schema:locationCreated kgd:kota-serang }
WHERE  { kgd:ev-kutipan-jalan-desa kg:claimPlaceStatus kg:notStated }
