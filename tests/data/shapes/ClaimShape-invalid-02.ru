# A claim without a kind.
DELETE WHERE { kgd:ev-judul kg:claimKind ?kind }
