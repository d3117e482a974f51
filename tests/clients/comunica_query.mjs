// Runs SPARQL queries with Comunica's engine against one SPARQL endpoint, for tests/test_clients.py.
// Usage: node comunica_query.mjs ENDPOINT_URL < queries.json  (a JSON array of query strings)
// Prints one JSON array: per query, {boolean}, {bindings: [{var: term}]} or {triples: [[s, p, o]]},
// each term as {termType, value, language, datatype}, so Python can compare it term by term.
import comunica from '@comunica/query-sparql';

const { QueryEngine } = comunica;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function term(t) {
  return {
    termType: t.termType,
    value: t.value,
    language: t.language ?? '',
    datatype: t.datatype ? t.datatype.value : '',
  };
}

async function run(engine, endpoint, query) {
  const result = await engine.query(query, { sources: [{ type: 'sparql', value: endpoint }] });
  if (result.resultType === 'boolean') {
    return { boolean: await result.execute() };
  }
  const stream = await result.execute();
  const items = await stream.toArray();
  if (result.resultType === 'bindings') {
    return { bindings: items.map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, term(v)]))) };
  }
  return { triples: items.map((q) => [term(q.subject), term(q.predicate), term(q.object)]) };
}

const endpoint = process.argv[2];
const queries = JSON.parse(await readStdin());
const engine = new QueryEngine();
const answers = [];
for (const query of queries) answers.push(await run(engine, endpoint, query));
process.stdout.write(JSON.stringify(answers));
