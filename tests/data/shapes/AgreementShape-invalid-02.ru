# The agreement is about nothing.
DELETE WHERE { kgd:kesepakatan-kebijakan-dprd schema:object ?policy }
