# The governor's post is held by nobody.
DELETE WHERE { kgd:gubernur-banten org:heldBy ?person }
