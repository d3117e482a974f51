# No award category.
DELETE WHERE { kgd:penganugerahan-pemprov-banten kg:awardCategory ?category }
