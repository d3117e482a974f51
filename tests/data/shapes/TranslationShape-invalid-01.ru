# A passage without its English translation.
DELETE WHERE { kgd:ev-ujarnya kg:translation ?t }
