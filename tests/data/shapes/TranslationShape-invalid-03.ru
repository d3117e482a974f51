# Two translations of one passage.
INSERT DATA { kgd:ev-ujarnya kg:translation "she said."@en }
