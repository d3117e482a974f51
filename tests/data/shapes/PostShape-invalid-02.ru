# The post is "in" the province (a place), not in its government.
DELETE { kgd:gubernur-banten org:postIn ?org } INSERT { kgd:gubernur-banten org:postIn kgd:banten }
WHERE  { kgd:gubernur-banten org:postIn ?org }
