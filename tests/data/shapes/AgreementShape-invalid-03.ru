# The agreement is "about" a goal, not a policy.
DELETE { kgd:kesepakatan-kebijakan-dprd schema:object ?policy }
INSERT { kgd:kesepakatan-kebijakan-dprd schema:object kgd:penurunan-ketimpangan-kesejahteraan }
WHERE  { kgd:kesepakatan-kebijakan-dprd schema:object ?policy }
