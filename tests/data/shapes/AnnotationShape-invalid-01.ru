# Two parties assert the same passage.
INSERT DATA { kgd:ev-judul kg:assertedBy kgd:andra-soni }
