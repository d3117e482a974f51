# No end.
DELETE WHERE { kgd:ev-indikator-position oa:end ?e }
