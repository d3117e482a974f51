# The article without its text.
DELETE { ?article schema:text ?t } WHERE { ?article a schema:NewsArticle ; schema:text ?t }
