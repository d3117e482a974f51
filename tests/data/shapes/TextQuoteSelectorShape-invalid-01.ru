# oa:exact language-tagged.
DELETE { kgd:ev-judul-quote oa:exact ?x } INSERT { kgd:ev-judul-quote oa:exact ?tagged }
WHERE  { kgd:ev-judul-quote oa:exact ?x BIND (STRLANG(?x, "id") AS ?tagged) }
