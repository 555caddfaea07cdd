// @ts-check
// Bundle the front-end with esbuild: node src/kmf_site/web/build.mjs OUTDIR
// main.js (the page's code), worker.mjs (the worker that owns Python) and kmf.css (every widget's style).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const outdir = process.argv[2];
if (!outdir) throw new Error("usage: node src/kmf_site/web/build.mjs OUTDIR");
await build({
  entryPoints: { main: `${here}main.js`, worker: `${here}worker.mjs`, kmf: `${here}css/index.css` },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: "linked",
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
  loader: { ".py": "text" }, // trace.js sends the tracer's source (src/kmf_site/trace.py) to the worker
});
