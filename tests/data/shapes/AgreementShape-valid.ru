# The agreement also covers the village infrastructure policy.
INSERT DATA { kgd:kesepakatan-kebijakan-dprd schema:object kgd:perbaikan-infrastruktur-desa }
