# The award category is a region type, not an award category (an IRI that rdfs:range must not make valid).
DELETE { kgd:penganugerahan-pemprov-banten kg:awardCategory ?c }
INSERT { kgd:penganugerahan-pemprov-banten kg:awardCategory kgd:provinsi }
WHERE  { kgd:penganugerahan-pemprov-banten kg:awardCategory ?c }
