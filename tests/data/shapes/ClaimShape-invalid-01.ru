# A claim with two authors.
INSERT DATA { kgd:ev-judul schema:author kgd:andra-soni }
