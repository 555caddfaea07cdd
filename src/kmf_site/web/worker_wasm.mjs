// @ts-check
// How the Python worker gets Pyodide's WebAssembly: it takes over the worker's `fetch` and
// `WebAssembly.instantiateStreaming` for the one file Pyodide asks for, pyodide.asm.wasm (and
// answers the standard library's stand-in URL, see worker_stdlib.mjs). One job: the compiled module.

/**
 * @typedef {object} WasmLoader
 * @property {() => Promise<WebAssembly.Module>} compile the module, compiled at most once (started
 *   by Pyodide's fetch of pyodide.asm.wasm, or sooner by the caller)
 * @property {() => WebAssembly.Module | null} compiledHere the module once this worker has compiled
 *   it (null when it came with "init", or is not compiled yet): the page hands it to the next worker
 */

/**
 * Pyodide fetches pyodide.asm.wasm and instantiates it; here it gets one module per worker,
 * compiled when Pyodide fetches it or sooner (the boot calls compile() when nothing is downloaded).
 * Two shortcuts:
 * - the page hands a worker that replaces another the module the first one compiled (a
 *   WebAssembly.Module is shared, not copied, between a page and its workers): nothing is fetched
 *   or compiled again, and the code the first worker had compiled stays compiled;
 * - otherwise fetch the build's gzip copy, unpacked as it streams in (compilation streams too). A
 *   host that compresses sends about the same bytes either way; one that does not (many static
 *   hosts) sends 3.6 MB instead of 9.6 MB. If the copy is missing, the original is fetched.
 * Called once per worker, before loadPyodide().
 * @param {object} options
 * @param {URL} options.pyodideDir the site's pyodide/ folder
 * @param {string | null} options.gzipURL the build's gzip copy of pyodide.asm.wasm (null: none)
 * @param {WebAssembly.Module | null} options.givenModule compiled by an earlier worker ("init")
 * @param {string} options.emptyURL answered with an empty file, never fetched (worker_stdlib.mjs)
 * @param {(message: string) => void} options.fatal says that Python cannot start
 * @returns {WasmLoader}
 */
export function serveWasm({ pyodideDir, gzipURL, givenModule, emptyURL, fatal }) {
  const wasmURL = new URL("pyodide.asm.wasm", pyodideDir).href;
  const fetchOriginal = self.fetch.bind(self);
  /** @type {WebAssembly.Module | null} */
  let compiledHere = null;
  /** @type {Promise<WebAssembly.Module> | null} */
  let compiling = null;
  const compile = () => {
    compiling ??= (async () => {
      if (givenModule) return givenModule;
      const packed = gzipURL ? await fetchOriginal(gzipURL).catch(() => null) : null;
      const body = packed?.ok && packed.body ? await gunzipped(packed.body) : null;
      const response = body
        ? new Response(body, { headers: { "Content-Type": "application/wasm" } })
        : await fetchOriginal(wasmURL);
      return (compiledHere = await WebAssembly.compileStreaming(response));
    })();
    compiling.catch(() => {}); // reported when Pyodide instantiates it (below)
    return compiling;
  };
  /** @type {WeakSet<Response>} the responses handed to Pyodide for pyodide.asm.wasm */
  const ours = new WeakSet();
  self.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url === emptyURL) return new Response(new Uint8Array(0));
    if (url !== wasmURL) return fetchOriginal(input, init);
    compile();
    const response = new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
    ours.add(response);
    return response;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!ours.has(response)) return instantiateStreaming(response, imports);
    try {
      const module = await compile();
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    } catch (failure) {
      // Pyodide only logs a failed WebAssembly download or compile, and then waits forever: say so.
      const why = failure instanceof Error ? failure.message : String(failure);
      fatal(`Python's WebAssembly could not be loaded (${why || failure})`);
      throw failure;
    }
  };
  return { compile, compiledHere: () => compiledHere };
}

/**
 * The bytes of a `.gz` file's body, unpacked. A host that sends such a file with
 * `Content-Encoding: gzip` has the browser unpack it already: then the body no longer starts with
 * gzip's magic number (1f 8b) and is passed on as it is.
 * @param {ReadableStream<Uint8Array<ArrayBuffer>>} body
 * @returns {Promise<ReadableStream<Uint8Array<ArrayBuffer>>>}
 */
export async function gunzipped(body) {
  const reader = body.getReader();
  // the first two bytes (which may come in two chunks), and whatever came with them
  let head = new Uint8Array(0);
  let ended = false;
  while (head.length < 2 && !ended) {
    const { done, value } = await reader.read();
    ended = done;
    if (value?.length) head = head.length ? concat(head, value) : value;
  }
  /** @type {ReadableStream<Uint8Array<ArrayBuffer>>} */
  const whole = new ReadableStream({
    start(controller) {
      if (head.length) controller.enqueue(head);
      if (ended) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const packed = head[0] === 0x1f && head[1] === 0x8b;
  return packed ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
}

/**
 * @param {Uint8Array<ArrayBuffer>} a
 * @param {Uint8Array<ArrayBuffer>} b
 */
function concat(a, b) {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
