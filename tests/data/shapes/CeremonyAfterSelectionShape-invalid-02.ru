# The ceremony moved to September 2025, before the selection began (October 2025).
DELETE { ?event schema:startDate ?d } INSERT { ?event schema:startDate "2025-09-30"^^xsd:date }
WHERE  { ?event a kg:AwardCeremony ; schema:startDate ?d }
