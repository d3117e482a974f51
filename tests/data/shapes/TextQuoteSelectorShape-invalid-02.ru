# An empty oa:exact.
DELETE { kgd:ev-perluasan-quote oa:exact ?x } INSERT { kgd:ev-perluasan-quote oa:exact "" }
WHERE  { kgd:ev-perluasan-quote oa:exact ?x }
