# The speaker is an organisation.
DELETE { kgd:pernyataan-kerja-kolektif schema:creator ?p }
INSERT { kgd:pernyataan-kerja-kolektif schema:creator kgd:pemprov-banten }
WHERE  { kgd:pernyataan-kerja-kolektif schema:creator ?p }
