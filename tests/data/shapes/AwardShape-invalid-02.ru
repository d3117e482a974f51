# The award conferred by the news agency, not a government body.
DELETE { ?award kg:conferredBy ?body } INSERT { ?award kg:conferredBy kgd:antara }
WHERE  { ?award a kg:Award ; kg:conferredBy ?body }
