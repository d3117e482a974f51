# org:holds points to the government, not to a post.
DELETE { kgd:andra-soni org:holds ?post } INSERT { kgd:andra-soni org:holds kgd:pemprov-banten }
WHERE  { kgd:andra-soni org:holds ?post }
