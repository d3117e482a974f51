# A shorter caption.
DELETE { kgd:foto-penganugerahan schema:caption ?c }
INSERT { kgd:foto-penganugerahan schema:caption "Gubernur Andra Soni menerima penghargaan di Jakarta, Senin (1/12/2025)."@id }
WHERE  { kgd:foto-penganugerahan schema:caption ?c }
