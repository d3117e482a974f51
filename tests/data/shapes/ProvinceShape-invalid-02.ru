# An identifier written as a bare string.
INSERT DATA { kgd:banten schema:identifier "ID-BT" }
