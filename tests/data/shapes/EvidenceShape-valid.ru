# A second annotation, complete and pointing at an existing target, supports Jakarta.
INSERT DATA { kgd:ev-jakarta-lagi a oa:Annotation ; oa:hasBody kgd:jakarta ; kg:assertedBy kgd:antara ;
              oa:hasTarget kgd:ev-keterangan-foto-target ;
              kg:translation "Governor Andra Soni receives the award in the category of regions with high fiscal capacity at the 2025 Regional Government Performance Appreciation Award night in Jakarta, Monday (1/12/2025)."@en }
