# The credit line language-tagged (it is kept verbatim as a plain string).
DELETE { kgd:foto-penganugerahan schema:creditText ?c } INSERT { kgd:foto-penganugerahan schema:creditText "ANTARA/HO-Pemprov Banten"@id }
WHERE  { kgd:foto-penganugerahan schema:creditText ?c }
