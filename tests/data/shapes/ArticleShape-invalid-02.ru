# Published by the ministry, not a news agency.
DELETE { ?article schema:publisher ?p } INSERT { ?article schema:publisher kgd:kemendagri }
WHERE  { ?article a schema:NewsArticle ; schema:publisher ?p }
