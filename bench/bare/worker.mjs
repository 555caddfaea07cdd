// The bare runner's worker: loadPyodide() from the site's copy of the npm package, then run code.
const { loadPyodide } = await import("../pyodide/pyodide.mjs");
const pyodide = await loadPyodide();
const decoder = new TextDecoder();
const write = (buffer) => {
  postMessage({ type: "output", text: decoder.decode(buffer) });
  return buffer.length;
};
pyodide.setStdout({ write });
pyodide.setStderr({ write });
self.onmessage = ({ data }) => {
  try {
    pyodide.runPython(data.code);
  } catch (error) {
    postMessage({ type: "output", text: String(error) });
  }
};
postMessage({ type: "ready" });
