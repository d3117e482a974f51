# The ceremony has no location.
DELETE { ?event schema:location ?place } WHERE { ?event a kg:AwardCeremony ; schema:location ?place }
