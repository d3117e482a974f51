"""Synthetic newsroom corpora that follow the ontology and pass the shapes.

A corpus is many article-sized units (a province, its government and governor, an award
conferral, a village-road programme with its figure, a quotation, the article that reports
them, and the Web Annotations anchoring each node in that article's text), plus the shared
nodes (ministry, news agency, awards per year, categories, goals, the Data Cube structure).
Everything is deterministic from the seed: the same (units, seed) gives the same bytes.

    python bench/corpus.py --triples 100000 --seed 7 -o /tmp/corpus-100k.nq

The ontology graph of the project is copied in, so queries over ``rdfs:subClassOf*`` and
labels of terms behave as on the real dataset.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kg.iris import IRIs  # noqa: E402

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
S = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
QB = "http://purl.org/linked-data/cube#"
SDMX_A = "http://purl.org/linked-data/sdmx/2009/attribute#"
SDMX_C = "http://purl.org/linked-data/sdmx/2009/code#"
DCT = "http://purl.org/dc/terms/"

YEARS = tuple(range(2018, 2026))
CATEGORIES = (
    (
        "kapasitas-fiskal-tinggi",
        "Daerah dengan kapasitas fiskal tinggi",
        "Regions with high fiscal capacity",
    ),
    (
        "kapasitas-fiskal-sedang",
        "Daerah dengan kapasitas fiskal sedang",
        "Regions with medium fiscal capacity",
    ),
    (
        "kapasitas-fiskal-rendah",
        "Daerah dengan kapasitas fiskal rendah",
        "Regions with low fiscal capacity",
    ),
)
#: A rough size of one unit, for :func:`units_for`. A unit adds 114 quads (seed 7), so this
#: undersizes a corpus by about a quarter; :func:`units_for_triples` measures the rate instead.
TRIPLES_PER_UNIT = 150


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class Writer:
    """N-Quads lines for one named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self.lines: list[str] = []

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> <{self.graph}> .")

    def lit(
        self, s: str, p: str, value: str, lang: str | None = None, dtype: str | None = None
    ) -> None:
        tail = f"@{lang}" if lang else (f"^^<{dtype}>" if dtype else "")
        self.lines.append(f'<{s}> <{p}> "{_esc(value)}"{tail} <{self.graph}> .')

    def labels(self, s: str, id_: str, en: str, pref: bool = False) -> None:
        self.lit(s, RDFS + "label", id_, "id")
        self.lit(s, RDFS + "label", en, "en")
        if pref:
            self.lit(s, SKOS + "prefLabel", id_, "id")
            self.lit(s, SKOS + "prefLabel", en, "en")


class Corpus:
    def __init__(self, iris: IRIs, seed: int) -> None:
        self.i = iris
        self.rng = random.Random(seed)
        self.data = Writer(str(iris.graph("data")))
        self.evidence = Writer(str(iris.graph("evidence")))
        self.kg = iris.ontology_ns

    def id(self, slug: str) -> str:
        return str(self.i.instance(slug))

    def shared(self) -> None:
        d, kg = self.data, self.kg
        ministry, agency, country, city = (
            self.id(s) for s in ("kemendagri", "antara", "indonesia", "jakarta")
        )
        d.iri(ministry, RDF_TYPE, kg + "Ministry")
        d.labels(ministry, "Kementerian Dalam Negeri RI", "Ministry of Home Affairs")
        d.lit(ministry, S + "name", "Kementerian Dalam Negeri", "id")
        d.iri(ministry, S + "areaServed", country)
        d.iri(agency, RDF_TYPE, kg + "NewsAgency")
        d.labels(agency, "ANTARA", "ANTARA")
        d.lit(agency, S + "name", "ANTARA")
        d.iri(country, RDF_TYPE, S + "Country")
        d.labels(country, "Indonesia", "Indonesia")
        d.iri(city, RDF_TYPE, kg + "City")
        d.labels(city, "Jakarta", "Jakarta")
        d.iri(city, S + "containedInPlace", country)
        scheme = self.id("kategori-penghargaan")
        d.iri(scheme, RDF_TYPE, SKOS + "ConceptScheme")
        d.labels(scheme, "Kategori penghargaan", "Award categories", pref=True)
        for slug, id_, en in CATEGORIES:
            cat = self.id("kategori-" + slug)
            d.iri(cat, RDF_TYPE, kg + "AwardCategory")
            d.labels(cat, id_, en, pref=True)
            d.iri(cat, SKOS + "inScheme", scheme)
        goals = self.id("tujuan-kebijakan")
        d.iri(goals, RDF_TYPE, SKOS + "ConceptScheme")
        d.labels(goals, "Tujuan kebijakan", "Policy goals", pref=True)
        goal = self.id("pengurangan-ketimpangan-ekonomi")
        d.iri(goal, RDF_TYPE, kg + "PolicyGoal")
        d.labels(goal, "Pengurangan ketimpangan ekonomi", "Reducing economic inequality", pref=True)
        d.iri(goal, SKOS + "inScheme", goals)
        dsd, ds = self.id("dsd-ruas-jalan"), self.id("keluaran-program-jalan-desa")
        d.iri(dsd, RDF_TYPE, QB + "DataStructureDefinition")
        d.labels(dsd, "Struktur data: ruas jalan", "Data structure: road segments")
        for part, prop, kind in (
            ("tentang", kg + "figureAbout", "dimension"),
            ("jumlah", kg + "roadSegmentsBuilt", "measure"),
        ):
            comp = self.id(f"dsd-ruas-jalan-{part}")
            d.iri(dsd, QB + "component", comp)
            d.iri(comp, RDF_TYPE, QB + "ComponentSpecification")
            d.iri(comp, QB + kind, prop)
        d.iri(ds, RDF_TYPE, QB + "DataSet")
        d.labels(ds, "Keluaran program jalan desa", "Village road programme output")
        d.iri(ds, QB + "structure", dsd)
        for year in YEARS:
            self.year(year, ministry, city)

    def year(self, year: int, ministry: str, city: str) -> None:
        d, kg = self.data, self.kg
        award, ceremony, instant = (
            self.id(f"{p}-{year}") for p in ("penghargaan", "upacara", "tanggal")
        )
        d.iri(award, RDF_TYPE, kg + "Award")
        d.labels(
            award,
            f"Penghargaan Kinerja Pemerintahan Daerah {year}",
            f"{year} Regional Government Performance Award",
        )
        d.lit(award, S + "name", f"Penghargaan Kinerja Pemerintahan Daerah {year}", "id")
        d.lit(award, kg + "awardYear", str(year), dtype=XSD + "gYear")
        d.iri(award, kg + "conferredBy", ministry)
        d.iri(ceremony, RDF_TYPE, kg + "AwardCeremony")
        d.labels(ceremony, f"Malam penganugerahan {year}", f"{year} award night")
        d.lit(ceremony, S + "startDate", f"{year}-12-01", dtype=XSD + "date")
        d.iri(ceremony, S + "location", city)
        d.iri(ceremony, TIME + "hasTime", instant)
        d.iri(instant, RDF_TYPE, TIME + "Instant")
        d.labels(instant, f"1 Desember {year}", f"1 December {year}")
        d.lit(instant, TIME + "inXSDDate", f"{year}-12-01", dtype=XSD + "date")
        d.iri(instant, kg + "dateStatus", kg + "stated")

    def unit(self, k: int) -> None:
        """One article and everything it reports."""
        d, kg, rng = self.data, self.kg, self.rng
        year = YEARS[k % len(YEARS)]
        segments = rng.randint(5, 400)
        province, gov, person, post = (
            self.id(f"{p}-{k}") for p in ("provinsi", "pemprov", "gubernur", "jabatan-gubernur")
        )
        conferral, programme, figure, quote, article = (
            self.id(f"{p}-{k}")
            for p in ("penganugerahan", "program-jalan", "ruas-jalan", "kutipan", "artikel")
        )
        name = f"Provinsi Sintetis {k}"
        sentences = [
            f"Pemerintah {name} menerima Penghargaan Kinerja Pemerintahan Daerah {year} "
            "di Jakarta.",
            f"Program jalan desa {name} telah membangun {segments} ruas jalan desa "
            f"sepanjang {year}.",
            f"Jalan desa nomor {k} mempermudah akses ekonomi warga {name}.",
        ]
        text = f"Berita sintetis {k}\n" + "\n".join(sentences)
        d.iri(province, RDF_TYPE, kg + "Province")
        d.labels(province, name, f"Synthetic Province {k}")
        d.lit(province, S + "name", name)
        d.iri(province, S + "containedInPlace", self.id("indonesia"))
        d.iri(gov, RDF_TYPE, kg + "ProvincialGovernment")
        d.labels(gov, f"Pemerintah {name}", f"Government of Synthetic Province {k}")
        d.lit(gov, S + "name", f"Pemerintah {name}", "id")
        d.iri(gov, S + "areaServed", province)
        d.iri(gov, ORG + "hasPost", post)
        d.iri(post, RDF_TYPE, ORG + "Post")
        d.labels(post, f"Gubernur {name}", f"Governor of Synthetic Province {k}")
        d.iri(post, ORG + "postIn", gov)
        d.iri(post, ORG + "heldBy", person)
        d.iri(person, RDF_TYPE, S + "Person")
        d.labels(person, f"Gubernur Sintetis {k}", f"Synthetic Governor {k}")
        d.lit(person, S + "name", f"Gubernur Sintetis {k}")
        d.iri(person, ORG + "holds", post)
        d.iri(conferral, RDF_TYPE, kg + "AwardConferral")
        d.labels(
            conferral,
            f"Pemberian penghargaan {year} kepada {name}",
            f"{year} award to Synthetic Province {k}",
        )
        d.iri(conferral, S + "agent", self.id("kemendagri"))
        d.iri(conferral, S + "recipient", gov)
        d.iri(conferral, kg + "receivedOnBehalfBy", person)
        d.iri(conferral, S + "object", self.id(f"penghargaan-{year}"))
        d.iri(conferral, kg + "awardCategory", self.id("kategori-" + CATEGORIES[k % 3][0]))
        d.iri(conferral, S + "location", self.id("jakarta"))
        d.iri(conferral, kg + "atEvent", self.id(f"upacara-{year}"))
        d.iri(conferral, TIME + "hasTime", self.id(f"tanggal-{year}"))
        d.iri(programme, RDF_TYPE, kg + "Programme")
        d.labels(
            programme,
            f"Program jalan desa {name}",
            f"Village road programme of Synthetic Province {k}",
        )
        d.lit(programme, S + "name", f"Program jalan desa {name}", "id")
        d.iri(programme, S + "provider", gov)
        d.iri(programme, S + "areaServed", province)
        d.iri(programme, kg + "contributesTo", self.id("pengurangan-ketimpangan-ekonomi"))
        d.iri(figure, RDF_TYPE, kg + "Figure")
        d.labels(figure, f"{segments} ruas jalan desa", f"{segments} village road segments")
        d.iri(figure, QB + "dataSet", self.id("keluaran-program-jalan-desa"))
        d.iri(figure, kg + "figureAbout", programme)
        d.lit(figure, kg + "roadSegmentsBuilt", str(segments), dtype=XSD + "integer")
        d.lit(figure, S + "unitText", "ruas jalan desa", "id")
        d.lit(figure, S + "unitText", "village road segments", "en")
        d.iri(
            figure, SDMX_A + "obsStatus", SDMX_C + ("obsStatus-E" if k % 5 == 0 else "obsStatus-A")
        )
        d.iri(quote, RDF_TYPE, kg + "DirectQuotation")
        d.labels(quote, f"Kutipan gubernur {k}", f"Quote of governor {k}")
        d.lit(quote, S + "text", sentences[2], "id")
        d.iri(quote, S + "creator", person)
        d.iri(article, RDF_TYPE, S + "NewsArticle")
        d.labels(article, f"Berita sintetis {k}", f"Synthetic article {k}")
        d.lit(article, S + "headline", f"Berita sintetis {k}", "id")
        d.lit(article, S + "inLanguage", "id")
        d.iri(article, S + "publisher", self.id("antara"))
        self.evidence.lit(article, S + "text", text, "id")
        bodies = ([article, province, gov, person, post, conferral], [programme, figure], [quote])
        for n, (sentence, body) in enumerate(zip(sentences, bodies, strict=True)):
            self.annotate(
                f"ev-{k}-{n}", text, sentence, article, body, self.id("antara") if n < 2 else person
            )
        if k == 0:
            self.annotate(
                "ev-bersama-0", text, "Jakarta", article, self.shared_nodes(), self.id("antara")
            )

    def shared_nodes(self) -> list[str]:
        nodes = [
            self.id(s)
            for s in (
                "kemendagri",
                "antara",
                "indonesia",
                "jakarta",
                "pengurangan-ketimpangan-ekonomi",
            )
        ]
        nodes += [self.id("kategori-" + c[0]) for c in CATEGORIES]
        for year in YEARS:
            nodes += [self.id(f"{p}-{year}") for p in ("penghargaan", "upacara", "tanggal")]
        return nodes

    def annotate(
        self, slug: str, text: str, exact: str, article: str, bodies: list[str], by: str
    ) -> None:
        e, ev = self.evidence, self.id(slug)
        start = text.index(exact)
        end = start + len(exact)
        target, quote, position = (f"{ev}-{p}" for p in ("target", "quote", "position"))
        e.iri(ev, RDF_TYPE, OA + "Annotation")
        e.iri(ev, OA + "motivatedBy", OA + "identifying")
        e.iri(ev, self.kg + "assertedBy", by)
        # The shapes ask every passage for the dataset's English translation (kg:translation);
        # a synthetic passage gets a synthetic one of the same shape and about the same cost.
        e.lit(ev, self.kg + "translation", f"Translation of passage {slug}", "en")
        for body in bodies:
            e.iri(ev, OA + "hasBody", body)
        e.iri(ev, OA + "hasTarget", target)
        e.iri(target, RDF_TYPE, OA + "SpecificResource")
        e.iri(target, OA + "hasSource", article)
        e.iri(target, OA + "hasSelector", quote)
        e.iri(target, OA + "hasSelector", position)
        e.iri(quote, RDF_TYPE, OA + "TextQuoteSelector")
        e.lit(quote, OA + "exact", exact)
        e.lit(quote, OA + "prefix", text[max(0, start - 32) : start])
        e.lit(quote, OA + "suffix", text[end : end + 32])
        e.iri(position, RDF_TYPE, OA + "TextPositionSelector")
        e.lit(position, OA + "start", str(start), dtype=XSD + "nonNegativeInteger")
        e.lit(position, OA + "end", str(end), dtype=XSD + "nonNegativeInteger")


def ontology_quads(iris: IRIs) -> Iterator[str]:
    """The project's ontology graph, as N-Quads in the corpus's ontology graph."""
    import pyoxigraph as ox

    graph = str(iris.graph("ontology"))
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield f"{triple.subject} {triple.predicate} {triple.object} <{graph}> ."


def generate(units: int, seed: int = 7, base: str = "https://kg.example.org/") -> str:
    """A corpus of ``units`` articles as N-Quads text (deterministic for the same arguments)."""
    corpus = Corpus(IRIs(base), seed)
    corpus.shared()
    for k in range(units):
        corpus.unit(k)
    lines = list(ontology_quads(corpus.i)) + corpus.data.lines + corpus.evidence.lines
    return "\n".join(lines) + "\n"


def units_for(triples: int) -> int:
    return max(1, round(triples / TRIPLES_PER_UNIT))


def units_for_triples(triples: int, seed: int = 7) -> int:
    """Units for a corpus of about ``triples`` quads, from the generator's measured rate: the
    quads of 300 units minus those of 100 give the rate, and the rest of 100 units the fixed
    part (ontology, shared nodes). Seed 7: 75, 865 and 8,760 units, that is 9,948, 100,008
    and 1,000,038 quads."""
    small, large = generate(100, seed).count("\n"), generate(300, seed).count("\n")
    per_unit = (large - small) / 200
    return max(1, round((triples - (small - 100 * per_unit)) / per_unit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="approximate size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    text = generate(units_for_triples(args.triples, args.seed), args.seed)
    args.output.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10))} quads -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
