# The award year typed as an integer, not xsd:gYear.
DELETE { ?award kg:awardYear ?year } INSERT { ?award kg:awardYear 2025 }
WHERE  { ?award a kg:Award ; kg:awardYear ?year }
