# The claim appears nowhere: its appearance is the article itself, not a selected passage.
DELETE { kgd:ev-judul schema:appearance ?t }
INSERT { kgd:ev-judul schema:appearance kgd:antara-pemprov-banten-fokus-upayakan-penurunan-ketimpangan-kesejahteraan }
WHERE  { kgd:ev-judul schema:appearance ?t }
