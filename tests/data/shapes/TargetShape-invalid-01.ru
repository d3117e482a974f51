# A third selector.
INSERT DATA { kgd:ev-judul-target oa:hasSelector kgd:ev-kredit-foto-quote }
