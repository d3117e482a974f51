# No annotation supports Jakarta any more.
DELETE WHERE { ?annotation oa:hasBody kgd:jakarta }
