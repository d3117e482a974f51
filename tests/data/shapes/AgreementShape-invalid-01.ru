# The participant is a person, not an organisation.
DELETE { kgd:kesepakatan-kebijakan-dprd schema:participant ?o }
INSERT { kgd:kesepakatan-kebijakan-dprd schema:participant kgd:andra-soni }
WHERE  { kgd:kesepakatan-kebijakan-dprd schema:participant ?o }
