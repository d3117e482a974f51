# The unit named in Indonesian only.
DELETE { kgd:penerima-manfaat-pendidikan-gratis schema:unitText ?u }
WHERE  { kgd:penerima-manfaat-pendidikan-gratis schema:unitText ?u FILTER (LANG(?u) = "en") }
