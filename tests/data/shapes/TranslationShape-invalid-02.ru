# A "translation" tagged Indonesian.
DELETE { kgd:ev-ujarnya kg:translation ?t } INSERT { kgd:ev-ujarnya kg:translation "ujarnya."@id }
WHERE  { kgd:ev-ujarnya kg:translation ?t }
