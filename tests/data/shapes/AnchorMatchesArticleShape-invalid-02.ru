# The quoted words changed ("34 provinsi") while the offsets stay.
DELETE { kgd:ev-seleksi-quote oa:exact ?x } INSERT { kgd:ev-seleksi-quote oa:exact ?changed }
WHERE  { kgd:ev-seleksi-quote oa:exact ?x BIND (REPLACE(?x, "38 provinsi", "34 provinsi") AS ?changed) }
