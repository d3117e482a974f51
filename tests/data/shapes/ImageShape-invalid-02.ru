# A second caption.
INSERT DATA { kgd:foto-penganugerahan schema:caption "Governor Andra Soni receives the award."@en }
