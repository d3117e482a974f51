# A second measure component in one structure.
INSERT DATA { kgd:dsd-penerima-manfaat qb:component kgd:dsd-penerima-manfaat-contoh .
              kgd:dsd-penerima-manfaat-contoh a qb:ComponentSpecification ; qb:measure kg:participantCount }
