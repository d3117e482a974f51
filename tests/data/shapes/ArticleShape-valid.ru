# A shorter headline, still Indonesian.
DELETE { ?article schema:headline ?h } INSERT { ?article schema:headline "Pemprov Banten fokus turunkan ketimpangan"@id }
WHERE  { ?article a schema:NewsArticle ; schema:headline ?h }
