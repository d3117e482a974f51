# An annotation without a target.
DELETE WHERE { kgd:ev-ujarnya oa:hasTarget ?target }
