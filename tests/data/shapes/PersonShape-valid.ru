# org:holds is optional: the governor without it is still a valid person.
DELETE WHERE { kgd:andra-soni org:holds ?post }
