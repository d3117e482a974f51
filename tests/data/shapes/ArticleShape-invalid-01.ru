# The article declared English.
DELETE { ?article schema:inLanguage ?l } INSERT { ?article schema:inLanguage "en" }
WHERE  { ?article a schema:NewsArticle ; schema:inLanguage ?l }
