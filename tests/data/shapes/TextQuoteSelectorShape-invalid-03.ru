# Two prefixes.
INSERT DATA { kgd:ev-rpjmd-quote oa:prefix "another prefix" }
