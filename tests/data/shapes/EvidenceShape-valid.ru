# A second annotation, complete and pointing at an existing target, supports Jakarta.
INSERT DATA { kgd:ev-jakarta-lagi a oa:Annotation ; oa:hasBody kgd:jakarta ; kg:assertedBy kgd:antara ;
              oa:hasTarget kgd:ev-keterangan-foto-target }
