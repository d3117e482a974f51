# The village infrastructure policy gets its provider, a government body.
INSERT DATA { kgd:perbaikan-infrastruktur-desa schema:provider kgd:pemprov-banten }
