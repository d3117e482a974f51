"""The words of the pages in Indonesian and English, and how a page's language is chosen.

Choice order: an explicit ``?lang=`` (the switch on every page), then the ``lang`` cookie the
switch sets, then the Accept-Language header (RFC 9110 §12.5.4, Werkzeug's matcher, which
lets ``id-ID`` match ``id``), then English. Data labels fall back to the other language
(:class:`kg.pages.lexicon.Lexicon`), so a page is never blank in either.
"""

from __future__ import annotations

from werkzeug.datastructures import LanguageAccept

from kg.pages.lexicon import LANGS

DEFAULT_LANG = "en"

STRINGS: dict[str, tuple[str, str]] = {  # key: (Indonesian, English)
    "home": ("Beranda", "Home"),
    "search": ("Cari", "Search"),
    "search_label": ("Cari entitas berdasarkan nama", "Search entities by name"),
    "search_button": ("Cari", "Search"),
    "results_for": ("Hasil untuk", "Results for"),
    "no_results": ("Tidak ada hasil.", "No results."),
    "types": ("Tipe", "Types"),
    "inferred_types": ("Tipe hasil inferensi", "Inferred types"),
    "inferred": ("inferensi", "inferred"),
    "properties": ("Properti", "Properties"),
    "property": ("Properti", "Property"),
    "value": ("Nilai", "Value"),
    "incoming": ("Tautan masuk", "Incoming links"),
    "evidence": ("Bukti dari artikel", "Evidence from the article"),
    "no_evidence": (
        "Tidak ada bagian artikel yang ditautkan ke node ini.",
        "No passage of the article is linked to this node.",
    ),
    "asserted_by": ("Dinyatakan oleh", "Asserted by"),
    "in_article": ("Lihat di artikel", "See it in the article"),
    "conformance": ("Kesesuaian SHACL", "SHACL conformance"),
    "conforms": (
        "Sesuai dengan semua bentuk yang berlaku.",
        "Conforms to every shape that applies.",
    ),
    "not_conforms": ("Tidak sesuai:", "Does not conform:"),
    "no_shapes": (
        "Tidak ada bentuk SHACL yang menyasar node ini.",
        "No SHACL shape targets this node.",
    ),
    "report_unknown": (
        "Laporan validasi build tidak tersedia: validasi dilakukan saat build "
        "(kg build), dan server ini membaca store tanpa hasil build-nya.",
        "The build's validation report is not available: validation happens at "
        "build time (kg build), and this server reads a store without its build "
        "output.",
    ),
    "checked_against": ("Diperiksa terhadap", "Checked against"),
    "neighbourhood": ("Lingkungan node", "Neighbourhood"),
    "query_this": ("Kueri node ini", "Query this"),
    "formats": ("Tersedia sebagai", "Available as"),
    "article": ("Artikel", "Article"),
    "article_intro": (
        "Teks artikel; setiap bagian yang menjadi bukti ditandai dan setiap "
        "penyebutan entitas ditautkan.",
        "The article text; every passage used as evidence is marked and every "
        "mention of an entity is linked.",
    ),
    "passages": ("Bagian-bagian bukti", "Evidence passages"),
    "supports": ("Mendukung", "Supports"),
    "ontology": ("Ontologi", "Ontology"),
    "classes": ("Kelas", "Classes"),
    "object_properties": ("Properti objek", "Object properties"),
    "datatype_properties": ("Properti tipe data", "Datatype properties"),
    "other_terms": ("Istilah lain", "Other terms"),
    "namespaces": ("Namespace", "Namespaces"),
    "metadata": ("Metadata", "Metadata"),
    "superclasses": ("Superkelas", "Superclasses"),
    "subclasses": ("Subkelas", "Subclasses"),
    "superproperties": ("Superproperti", "Superproperties"),
    "subproperties": ("Subproperti", "Subproperties"),
    "alignment": ("Padanan istilah standar", "Alignment to standard terms"),
    "domain": ("Domain", "Domain"),
    "range": ("Jangkauan", "Range"),
    "disjoint": ("Terpisah dari", "Disjoint with"),
    "domain_of": ("Domain dari", "In the domain of"),
    "range_of": ("Jangkauan dari", "In the range of"),
    "instances": ("Instans", "Instances"),
    "uses": ("Penggunaan", "Uses"),
    "defined_by": ("Didefinisikan oleh", "Defined by"),
    "labels": ("Label", "Labels"),
    "comments": ("Keterangan", "Comments"),
    "timeline": ("Lini masa", "Timeline"),
    "timeline_intro": (
        "Peristiwa bertanggal dalam data, dari yang paling awal.",
        "The dated events of the data, earliest first.",
    ),
    "at": ("pada", "on"),
    "from": ("sejak", "from"),
    "during": ("sepanjang", "during"),
    "stated": ("dinyatakan artikel", "stated in the article"),
    "inferred_date": ("disimpulkan", "inferred"),
    "validation": ("Validasi", "Validation"),
    "validation_intro": (
        "Laporan SHACL build ini, dan bentuk-bentuk yang diperiksa.",
        "This build's SHACL report, and the shapes it checked.",
    ),
    "shape": ("Bentuk", "Shape"),
    "severity": ("Tingkat", "Severity"),
    "targets": ("Sasaran", "Targets"),
    "focus_nodes": ("Node yang diperiksa", "Nodes checked"),
    "results": ("Hasil", "Results"),
    "report": ("Laporan", "Report"),
    "counts": ("Jumlah per kelas", "Counts per class"),
    "class": ("Kelas", "Class"),
    "members": ("Anggota", "Members"),
    "entry_points": ("Titik masuk", "Entry points"),
    "dumps": ("Unduhan", "Downloads"),
    "query_ui": ("Antarmuka kueri SPARQL", "SPARQL query interface"),
    "source": ("Sumber", "Source"),
    "licence": ("Lisensi", "Licence"),
    "not_found": ("Tidak ditemukan", "Not found"),
    "not_found_text": ("IRI ini tidak ada dalam dataset.", "This IRI is not in the dataset."),
    "suggestions": ("Mungkin maksud Anda", "Perhaps you meant"),
    "language": ("Bahasa", "Language"),
    "description": ("Deskripsi", "Description"),
    "show_text": ("Tampilkan teks lengkap", "Show the full text"),
    "about_dataset": ("Tentang dataset", "About the dataset"),
    "void": ("Deskripsi VoID + DCAT", "VoID + DCAT description"),
    "prefix": ("Prefiks", "Prefix"),
    # --- wt-s: the site for people (issue 15): validation, footer, brand, menu, home ---
    "v_summary": (
        "{shapes} bentuk, {violations} pelanggaran",
        "{shapes} shapes, {violations} violations",
    ),
    "v_warnings": ("{n} peringatan", "{n} warnings"),
    "v_infos": ("{n} info", "{n} infos"),
    "v_conforms": ("data sesuai", "the data conforms"),
    "v_not_conforms": ("data tidak sesuai", "the data does not conform"),
    "v_failures": ("Hasil validasi", "Validation results"),
    "v_shapes": ("Bentuk yang diperiksa", "Shapes checked"),
    "v_focus": ("Node", "Node"),
    "v_path": ("Jalur", "Path"),
    "v_message": ("Pesan", "Message"),
    "v_passed": ("lolos", "passed"),
    "sev_violation": ("Pelanggaran", "Violation"),
    "sev_warning": ("Peringatan", "Warning"),
    "sev_info": ("Info", "Info"),
    "od_cardinalities": ("Kardinalitas (bentuk SHACL)", "Cardinalities (SHACL shapes)"),
    "b_skip": ("Lompat ke isi", "Skip to content"),
    "b_brand": ("Banten 2025 · graf pengetahuan", "Banten 2025 · knowledge graph"),
    "b_nav": ("Menu utama", "Main"),
    "b_query": ("Kueri", "Query"),
    "b_queries": ("Contoh kueri", "Example queries"),
    "b_version": ("Versi", "Version"),
    "b_article_view": ("tampilan artikel", "article view"),
    "b_hash": ("Hash isi", "Content hash"),
    "b_licence_what": ("Graf, ontologi, dan bentuk", "Graph, ontology and shapes"),
    "b_article_text": ("teks artikel", "article text"),
    "b_software": ("Perangkat lunak", "Software"),
    # --- end wt-s ---
    # The SPARQL query page (kg.web.querypage); ``{name}`` marks a value filled in.
    "q_title": ("Kueri SPARQL", "SPARQL query"),
    "q_heading": ("Kueri graf", "Query the graph"),
    "q_text": ("Teks kueri SPARQL", "SPARQL query text"),
    "q_run": ("Jalankan kueri", "Run query"),
    "q_time_limit": ("Batas waktu", "Time limit"),
    "q_kind_entity": ("entitas", "entity"),
    "q_zoom": ("Pembesaran", "Zoom"),
    "q_zoom_reset": ("Semua", "Whole"),
    "q_zoom_in": ("Perbesar", "Zoom in"),
    "q_sort": (
        "Urutkan menurut kolom ini (naik, turun, urutan jawaban)",
        "Sort by this column (ascending, descending, the answer's order)",
    ),
    "q_code": ("Kode untuk kueri ini", "Code for this query"),
    "q_filter_rows": ("Saring baris", "Filter rows"),
    "q_filter_count": ("{shown} dari {total} baris", "{shown} of {total} rows"),
    "q_zoom_out": ("Perkecil", "Zoom out"),
    "q_labels": ("Kolom label", "Label columns"),
    "q_labels_hint": (
        "Menambahkan kolom label untuk setiap kolom IRI, juga dalam unduhan "
        "(di dalam kueri: #labels: id)",
        "Adds a label column for each IRI column, also in downloads (in the query: #labels: en)",
    ),
    "q_hint": (
        "Ctrl+Enter menjalankan · paling banyak {rows} baris",
        "Ctrl+Enter runs · at most {rows} rows",
    ),
    "q_examples": ("Contoh", "Examples"),
    "q_no_examples": ("Belum ada contoh kueri.", "No example queries yet."),
    "q_form": ("formulir", "form"),
    "q_endpoint": ("Endpoint", "Endpoint"),
    "q_endpoint_how": ("Protokol SPARQL 1.1: GET atau POST ke", "SPARQL 1.1 Protocol: GET or POST"),
    "q_with": ("dengan", "with"),
    "q_service_description": ("Deskripsi layanan", "Service description"),
    "q_row": ("{n} baris", "{n} row"),
    "q_rows": ("{n} baris", "{n} rows"),
    "q_triple": ("{n} tripel", "{n} triple"),
    "q_triples": ("{n} tripel", "{n} triples"),
    "q_ask_done": ("ASK terjawab", "ASK answered"),
    "q_truncated": (
        "dipotong pada SPARQL_MAX_ROWS ({n}); gunakan LIMIT/OFFSET untuk membaca "
        "sisanya per halaman",
        "cut at SPARQL_MAX_ROWS ({n}); use LIMIT/OFFSET to page through the rest",
    ),
    "q_yes": ("Ya", "Yes"),
    "q_no": ("Tidak", "No"),
    "q_subject": ("Subjek", "Subject"),
    "q_predicate": ("Predikat", "Predicate"),
    "q_object": ("Objek", "Object"),
    "q_permalink": ("Tautan permanen", "Permalink"),
    "q_download": ("Unduh", "Download"),
    "q_failed": ("Gagal (HTTP {status})", "Failed (HTTP {status})"),
    "q_position": ("baris {line}, kolom {column}", "line {line}, column {column}"),
    "q_error_syntax": ("Kesalahan sintaks SPARQL", "SPARQL syntax error"),
    "q_error_rejected": ("Kueri ditolak", "Query refused"),
    "q_error_too_large": ("Kueri terlalu besar", "Query too large"),
    "q_error_timeout": ("Kueri melewati batas waktu", "Query timed out"),
    "q_error_limit": ("Batas kueri terlampaui", "Query limit exceeded"),
    "q_error_upstream": ("Store SPARQL eksternal gagal", "The external SPARQL store failed"),
    "q_error_other": ("Kueri tidak dapat dijawab", "The query cannot be answered"),
    "q_timeout_hint": (
        "Batas waktu kueri ini {ms} ms (SPARQL_TIME_LIMIT_MS). Persempit "
        "polanya atau tambahkan LIMIT.",
        "This query's time limit is {ms} ms (SPARQL_TIME_LIMIT_MS). Narrow its "
        "patterns or add a LIMIT.",
    ),
    # Filled in by sparql.js when it runs a query in place.
    "q_running": ("Menjalankan…", "Running…"),
    "q_elapsed": (" dalam {seconds} detik", " in {seconds} s"),
    "q_after": (" setelah {seconds} detik", " after {seconds} s"),
    "q_unreachable": ("Server tidak dapat dihubungi", "The server could not be reached"),
    # --- Claims (issue 13, wt-c): /claims, its facets and the kinds of claim.
    "claims": ("Klaim", "Claims"),
    "claims_intro": (
        "Setiap bagian artikel yang dinyatakan seseorang: laporan jurnalis, pernyataan "
        "gubernur dan penilaian kementerian seperti dilaporkan, dalam urutan artikel.",
        "Every passage of the article that someone asserts: the journalist's report, the "
        "governor's statements and the ministry's assessment as reported, in article order.",
    ),
    "claims_data": ("Data halaman ini", "This page's data"),
    "claims_facets": ("Saring klaim", "Filter the claims"),
    "claims_kind": ("Jenis", "Kind"),
    "claims_date": ("Tanggal", "Date"),
    "claims_place": ("Tempat", "Place"),
    "claims_figures": ("Angka", "Figures"),
    "claims_any_asserter": ("Semua yang menyatakan", "Anyone"),
    "claims_any_kind": ("Semua jenis", "Any kind"),
    "claims_all": ("Tampilkan semua klaim", "Show every claim"),
    "claims_shown": ("{shown} dari {total} klaim", "{shown} of {total} claims"),
    "kind_report": ("Laporan jurnalis", "Journalist's report"),
    "kind_direct_quote": ("Kutipan langsung", "Direct quote"),
    "kind_reported_speech": ("Pernyataan tidak langsung", "Reported speech"),
    "kind_assessment": ("Penilaian seperti dilaporkan", "Assessment as reported"),
    "date_stated": ("dinyatakan artikel", "stated in the article"),
    "date_inferred": ("disimpulkan", "inferred"),
    "date_not_stated": ("tidak disebut artikel", "not stated in the article"),
    "not_stated": ("Tidak disebut dalam artikel", "Not stated in the article"),
    "approximate": ("perkiraan", "approximate"),
    "exact_figure": ("angka pasti", "exact figure"),
    # --- end of claims
    # --- wt-s2: home's ways in, the source's record, the responsive pages (issue 15) ---
    "s2_ways_in": ("Mulai dari sini", "Ways in"),
    "s2_claims_title": ("Siapa mengatakan apa", "Who said what"),
    "s2_claims_text": (
        "Setiap klaim dan kutipan artikel, dengan siapa yang menyatakannya, kapan dan di mana.",
        "Every claim and quote of the article, with who asserts it, when and where.",
    ),
    "s2_article_title": ("Baca artikelnya", "Read the article"),
    "s2_article_text": (
        "Teks asli dengan setiap bagian yang menjadi bukti ditandai dan setiap nama ditautkan.",
        "The original text, every passage used as evidence marked and every name linked.",
    ),
    "s2_timeline_text": (
        "Peristiwa bertanggal dalam urutan, dengan cara setiap tanggal diketahui.",
        "The dated events in order, with how each date is known.",
    ),
    "s2_query_title": ("Kueri SPARQL", "Query with SPARQL"),
    "s2_query_text": (
        "Editor kueri dengan hasil bertabel, dan {n} pertanyaan contoh yang siap dijalankan.",
        "A query editor with tabled results, and {n} example questions ready to run.",
    ),
    "s2_ontology_text": (
        "Kelas dan properti model, dengan domain, jangkauan dan kardinalitasnya.",
        "The model's classes and properties, with their domains, ranges and cardinalities.",
    ),
    "s2_validation_text": (
        "Setiap bentuk SHACL yang diperiksa build ini, dan hasilnya.",
        "Every SHACL shape this build checked, and its result.",
    ),
    "s2_downloads_text": (
        "Seluruh dataset dalam setiap format RDF, dan deskripsi VoID-nya.",
        "The whole dataset in every RDF format, and its VoID description.",
    ),
    "s2_counts_summary": (
        "Jumlah anggota per kelas ({n} kelas)",
        "Members per class ({n} classes)",
    ),
    "s2_source_record": ("Sumber: artikelnya", "Source: the article"),
    "s2_headline": ("Judul", "Headline"),
    "s2_publisher": ("Penerbit", "Publisher"),
    "s2_published": ("Tanggal terbit", "Publication date"),
    "s2_original_url": ("URL asli", "Original URL"),
    "s2_inferred_dates": ("Tanggal hasil inferensi", "Inferred dates"),
    "s2_report_text": ("Laporan (teks biasa)", "Report (plain text)"),
    "s2_error_title": ("Galat", "Error"),
    "s2_error_home": ("Beranda", "Home"),
    "s2_error_query": ("Kueri graf", "Query the graph"),
    "s2_dataset": ("Dataset", "Dataset"),
    # --- end of wt-s2
    # --- wt-p: entity cards, evidence, article view, search (issue 13) ---
    "p_plain_text": ("Teks polos", "Plain text"),
    "p_search_label": (
        "Cari nama atau kata dalam artikel",
        "Search names or words of the article",
    ),
    "p_type_facet": ("Tipe", "Type"),
    "p_any_type": ("Semua tipe", "Any type"),
    "p_passage": ("Bagian artikel", "Passage"),
    "p_evidence_page": ("halaman bukti", "evidence page"),
    "p_hidden_modelling": (
        "{n} catatan pemodelan (struktur Data Cube, skema konsep) tidak ditampilkan.",
        "{n} modelling records (Data Cube structure, concept schemes) are not shown.",
    ),
    "p_show_modelling": ("Tampilkan juga", "Show them too"),
    "p_cite_in": ("dalam", "in"),
    "p_cite_paragraph": ("paragraf", "paragraph"),
    "p_cite_characters": ("karakter", "characters"),
    "p_paragraph_n": ("paragraf {n}", "paragraph {n}"),
    "p_references": ("{n} rujukan", "{n} references"),
    "p_node_level": (
        "Bagian-bagian ini mendukung entitas ini, belum tentu pernyataan ini saja.",
        "These passages support the entity; they may not state this very fact.",
    ),
    "p_copy_citation": ("Salin kutipan", "Copy citation"),
    "p_copied": ("Kutipan disalin.", "Citation copied."),
    "p_copy_failed": (
        "Tidak dapat menyalin; kutipan ada di rincian teknis.",
        "Could not copy; the citation is in the technical details.",
    ),
    "p_technical": ("Rincian teknis", "Technical details"),
    "p_citation": ("Kutipan", "Citation"),
    "p_annotation": ("Anotasi", "Annotation"),
    "p_anchor": ("Jangkar di artikel", "Anchor in the article"),
    "p_offsets": (
        "Posisi (titik kode Unicode, teks NFC)",
        "Position (Unicode code points, NFC text)",
    ),
    "p_also": ("Juga disebut", "Also known as"),
    "p_this_data": ("Data halaman ini", "This page's data"),
    "p_statements_json": ("pernyataan (JSON)", "statements (JSON)"),
    "p_what_asserts": ("Apa yang dinyatakan {name}", "What {name} asserts"),
    "p_asserts_intro": (
        "Kata-kata persisnya dalam artikel, dalam urutan artikel.",
        "Its exact words in the article, in article order.",
    ),
    "p_on_claims_page": ("Di halaman klaim", "On the claims page"),
    "p_the_passage": ("Bagian artikel", "The passage"),
    "p_statements": ("Pernyataan", "Statements"),
    "p_inferred_summary": ("Hasil inferensi ({n})", "Inferred ({n})"),
    "p_inferred_intro": (
        "Disimpulkan dari pernyataan di atas dan ontologi (penutupan RDFS); nilai yang "
        "sudah dinyatakan di atas tidak diulang.",
        "Derived from the statements above and the ontology (RDFS closure); values already "
        "stated above are not repeated.",
    ),
    "p_incoming_prop": ("{prop} (tautan masuk)", "{prop} (incoming)"),
    "p_reference_1": ("1 rujukan", "1 reference"),
    "p_modelled": ("Bagaimana anotasi ini dimodelkan", "How this annotation is modelled"),
    "p_legend": ("Siapa menyatakan apa", "Who asserts what"),
    "p_legend_intro": (
        "Setiap bagian ditandai dengan warna, garis bawah dan simbol yang menyatakannya; "
        "pilih satu untuk hanya menandai bagiannya.",
        "Each passage is marked with its asserter's colour, underline and symbol; choose "
        "one to mark only its passages.",
    ),
    "p_all_asserters": ("Semua yang menyatakan", "Everyone"),
    "p_passage_by": ("Bagian {n}, dinyatakan oleh {by}", "Passage {n}, asserted by {by}"),
    "p_back_to_text": ("Kembali ke teks", "Back to the text"),
    "p_who_said_what": (
        "Siapa mengatakan apa: setiap klaim dengan kalimatnya",
        "Who said what: every claim with its sentence",
    ),
    "p_article_by_asserter": (
        "Artikel, ditandai menurut yang menyatakan",
        "The article, marked by who asserts each passage",
    ),
    "p_identifier": ("Pengenal (IRI)", "Identifier (IRI)"),
    "p_the_quote": ("Kutipan", "The quote"),
    "p_said_by": ("Diucapkan oleh", "Said by"),
    "p_when": ("Kapan", "When"),
    "p_where": ("Di mana", "Where"),
    "p_not_stated": ("Tidak disebut dalam artikel", "Not stated in the article"),
    "p_date_inferred": ("disimpulkan, bukan dinyatakan", "inferred, not stated"),
    "p_shown_of": (
        "{shown} hasil pertama dari {total} ditampilkan; persempit pencarian atau pilih tipe.",
        "The first {shown} of {total} are shown; narrow the search or choose a type.",
    ),
    # --- end of wt-p
    # --- canned queries (issue 14) ---
    "cq_heading": ("Kueri siap pakai", "Canned queries"),
    "cq_intro": (
        "Setiap pertanyaan kompetensi graf sebagai kueri dengan URL, formulir, dan jawaban "
        "JSON / CSV sendiri.",
        "Each competency question of the graph, as a query with its own URL, form, and "
        "JSON / CSV answers.",
    ),
    "cq_entity": ("entitas", "entity"),
    "cq_entity_hint": (
        "Ketik nama untuk memilih entitas, atau tempel IRI.",
        "Type a name to choose an entity, or paste an IRI.",
    ),
    "cq_open_editor": ("Buka di editor kueri", "Open in the query editor"),
    # --- wt-m: the dataset's translations of the passages (issue 13) ---
    "claims_about": ("Tentang", "About"),
    "claims_any_entity": ("Entitas apa pun", "Any entity"),
    "translation_note": (
        "Terjemahan dataset, bukan kata-kata artikel",
        "The dataset's translation, not the article's words",
    ),
    # --- end of wt-m
    # --- wt-w: query workbench (issue 14: editor, completion, formatter, history) ---
    "q_kind_class": ("kelas", "class"),
    "q_kind_property": ("properti", "property"),
    "q_kind_prefix": ("prefiks", "prefix"),
    "q_kind_variable": ("variabel", "variable"),
    "q_format": ("Rapikan", "Format"),
    "q_format_failed": (
        "Tidak dapat dirapikan: ada string atau IRI yang belum ditutup.",
        "Could not format: a string or an IRI is not closed.",
    ),
    "q_history": ("Riwayat kueri", "Query history"),
    "q_history_clear": ("Hapus riwayat", "Clear history"),
    "q_history_empty": (
        "Belum ada kueri yang dijalankan di peramban ini.",
        "No query run in this browser yet.",
    ),
    "q_history_note": ("Disimpan hanya di peramban ini.", "Kept in this browser only."),
    "q_view_table": ("Tabel", "Table"),
    "q_view_chart": ("Diagram batang", "Bar chart"),
    "q_view_label": ("Tampilan hasil", "Result view"),
    "q_view_export": ("Unduh data diagram (CSV)", "Download the chart's data (CSV)"),
    # -- end of the query workbench block.
    # --- wt-w2: workbench timeline and graph views ---
    "q_view_timeline": ("Linimasa", "Timeline"),
    "q_view_graph": ("Graf", "Graph"),
    "q_timeline_export": ("Unduh data linimasa (CSV)", "Download the timeline's data (CSV)"),
    "q_graph_export": ("Unduh sisi graf (CSV)", "Download the graph's edges (CSV)"),
    # -- end of wt-w2.
    # --- wt-stmt: statement node names ---
    # A statement's value in another language than the page's, in its name (kg.pages.lexicon).
    "st_value_in": ("(teks {language})", "(text in {language})"),
    # -- end of wt-stmt.
}


def choose_lang(arg: str | None, cookie: str | None, accept: LanguageAccept | None) -> str:
    """The page language: ``?lang=``, then the cookie, then Accept-Language, then English."""
    for candidate in (arg, cookie):
        if candidate in LANGS:
            return str(candidate)
    if accept:
        best = accept.best_match(list(LANGS))
        if best in LANGS:
            return str(best)
    return DEFAULT_LANG


def translate(key: str, lang: str) -> str:
    """The UI string ``key`` in ``lang`` (Indonesian or English)."""
    indonesian, english = STRINGS[key]
    return indonesian if lang == "id" else english
