"""What the workbench's additions cost, side by side in one run, on a synthetic corpus.

    .venv/bin/python bench/workbench.py                    # 100k triples
    .venv/bin/python bench/workbench.py --triples 300000 --rounds 9

Two comparisons, each a ratio to the work it is added to (read ratios on a shared machine):

* the label service (``kg.query.labels.with_labels``): a SELECT answer of N rows with two IRI
  columns, evaluated and written as SPARQL JSON by the embedded store, against the same
  answer with its label columns added (lookups in batches of 200 IRIs, JSON rewritten);
* entity completion (``kg.pages.workbench.entity_options``), against the /search page model
  (``kg.pages.search.search_page``) on the same index and the same words.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kg.config import load_settings  # noqa: E402
from kg.iris import IRIs  # noqa: E402
from kg.pages.lexicon import Lexicon  # noqa: E402
from kg.pages.search import SearchIndex, search_page  # noqa: E402
from kg.pages.workbench import entity_options  # noqa: E402
from kg.query.labels import with_labels  # noqa: E402
from kg.store.embedded import OxigraphStore  # noqa: E402

ANSWER = "SELECT ?s ?o WHERE {{ ?s ?p ?o FILTER isIRI(?o) }} LIMIT {n}"
WORDS = ("andra", "banten", "kementerian", "pemerintahan", "jalan desa")


def median_ms(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def corpus(triples: int, directory: Path) -> Path:
    out = directory / f"corpus-{triples}.nq"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "corpus.py"), "--triples", str(triples), "-o", out],
        check=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-workbench-bench-") as tmp:
        dump = corpus(args.triples, Path(tmp))
        raw = ox.Store()
        raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store = OxigraphStore(raw, "bench")
    iris = IRIs(load_settings()["BASE_IRI"])
    print(f"# Workbench costs, {args.triples:,} triples, median of {args.rounds} rounds\n")
    print("| answer rows | answer as JSON (ms) | with label columns (ms) | ratio |")
    print("|---|---|---|---|")
    for n in (100, 1_000, 10_000):
        query = ANSWER.format(n=n)

        def answer(q: str = query) -> bytes:
            solutions = raw.query(q, use_default_graph_as_union=True)
            assert isinstance(solutions, ox.QuerySolutions)
            return solutions.serialize(format=ox.QueryResultsFormat.JSON) or b""

        body = answer()
        plain = median_ms(answer, args.rounds)
        labelled = median_ms(lambda b=body: with_labels(answer(), store, ("en",)), args.rounds)
        print(f"| {n:,} | {plain:.1f} | {labelled:.1f} | {labelled / plain:.1f}× |")
    index = SearchIndex.from_store(store, iris.instance_ns)
    lexicon = Lexicon(store, {"kgd": iris.instance_ns, "kg": iris.ontology_ns})
    inferred = str(iris.graph("inferred"))
    print("\n| word | /search model (ms) | entity options (ms) | ratio |")
    print("|---|---|---|---|")
    for word in WORDS:
        searched = median_ms(lambda w=word: search_page(index, store, inferred, w), args.rounds)
        offered = median_ms(
            lambda w=word: entity_options(
                index, store, lexicon, inferred, w, "en", iris.instance_ns
            ),
            args.rounds,
        )
        print(f"| {word} | {searched:.1f} | {offered:.1f} | {offered / searched:.2f}× |")


if __name__ == "__main__":
    main()
