# The award gets an English name too.
INSERT DATA { kgd:penghargaan-kinerja-pemerintahan-daerah-2025 schema:name "2025 Regional Government Performance Award"@en }
