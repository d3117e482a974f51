# Two recipients.
INSERT DATA { kgd:penganugerahan-pemprov-banten schema:recipient kgd:dprd-banten }
