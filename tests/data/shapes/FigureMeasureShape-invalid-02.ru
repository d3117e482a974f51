# A figure with no measure.
DELETE WHERE { kgd:penerima-manfaat-pendidikan-gratis kg:beneficiaryCount ?n }
