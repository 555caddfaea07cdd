// Bundle the front-end with esbuild: node src/kmf_site/web/build.mjs OUTDIR
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const outdir = process.argv[2];
if (!outdir) throw new Error("usage: node src/kmf_site/web/build.mjs OUTDIR");
await build({
  entryPoints: { main: `${here}main.js`, worker: `${here}worker.mjs` },
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
