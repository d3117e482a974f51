# A body that is a string, not a node.
INSERT DATA { kgd:ev-judul oa:hasBody "Pemprov Banten" }
