# The quotation shortened to its first sentence, which the article has verbatim.
DELETE { kgd:kutipan-fokus-ketimpangan schema:text ?t }
INSERT { kgd:kutipan-fokus-ketimpangan schema:text "Upaya menurunkan ketimpangan adalah fokus kami."@id }
WHERE  { kgd:kutipan-fokus-ketimpangan schema:text ?t }
