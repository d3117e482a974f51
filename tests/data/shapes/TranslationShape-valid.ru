# Another English rendering of "ujarnya." replaces the first.
DELETE { kgd:ev-ujarnya kg:translation ?t } INSERT { kgd:ev-ujarnya kg:translation "he said so."@en }
WHERE  { kgd:ev-ujarnya kg:translation ?t }
