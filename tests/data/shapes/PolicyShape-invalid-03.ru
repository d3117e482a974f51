# A policy contributes to an indicator, not a policy goal (an IRI that rdfs:range must not make valid).
INSERT DATA { kgd:bang-andra kg:contributesTo kgd:rasio-gini }
