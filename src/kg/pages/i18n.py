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
