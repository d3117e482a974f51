# A category in no concept scheme.
DELETE WHERE { kgd:kategori-kapasitas-fiskal-tinggi skos:inScheme ?scheme }
