# A new triple written without a statement (and so without a passage).
INSERT DATA { kgd:bang-andra schema:areaServed kgd:jakarta }
