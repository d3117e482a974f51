# The source is the photo, not the article.
DELETE { kgd:ev-finalis-target oa:hasSource ?a } INSERT { kgd:ev-finalis-target oa:hasSource kgd:foto-penganugerahan }
WHERE  { kgd:ev-finalis-target oa:hasSource ?a }
