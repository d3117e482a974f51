# A further identifier, a complete schema:PropertyValue.
INSERT DATA { kgd:banten schema:identifier kgd:banten-kode-contoh .
              kgd:banten-kode-contoh a schema:PropertyValue ; schema:propertyID "Kode contoh" ;
              schema:value "BT" ; dct:source "test example" }
