# Another post (labelled and evidenced, as every post must be), in the regional parliament,
# held by a person.
INSERT DATA { kgd:jabatan-contoh a org:Post ; rdfs:label "Jabatan contoh"@id , "Example post"@en ;
              org:postIn kgd:dprd-banten ; org:heldBy kgd:andra-soni .
              kgd:ev-judul oa:hasBody kgd:jabatan-contoh }
