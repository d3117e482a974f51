# A quotation with no speaker.
DELETE WHERE { kgd:kutipan-jalan-desa schema:creator ?p }
