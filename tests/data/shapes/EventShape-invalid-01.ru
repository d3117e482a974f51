# The ceremony's start typed xsd:dateTime, not xsd:date.
DELETE { ?event schema:startDate ?d } INSERT { ?event schema:startDate "2025-12-01T19:00:00"^^xsd:dateTime }
WHERE  { ?event a kg:AwardCeremony ; schema:startDate ?d }
