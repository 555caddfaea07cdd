// @ts-check
// The Playground's Share link: the code in the link's fragment, UTF-8, deflate-raw compressed
// (CompressionStream, native in current browsers and in Node) and base64url encoded. Decoding
// refuses anything else, and anything that would expand past MAX_CODE.

export const MAX_CODE = 50_000; // characters: a shared link never expands to more than this

/**
 * @param {Uint8Array} bytes
 * @param {CompressionStream | DecompressionStream} stream
 * @returns {Promise<Uint8Array>}
 */
async function pipe(bytes, stream) {
  const response = new Response(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

/** @param {Uint8Array} bytes */
function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {string} text */
function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The code as a URL-safe string: UTF-8, deflate-raw, base64url.
 * @param {string} code
 */
export async function encodeCode(code) {
  return toBase64url(await pipe(new TextEncoder().encode(code), new CompressionStream("deflate-raw")));
}

/**
 * The code back from encodeCode's string; throws on anything else (or on more than MAX_CODE).
 * @param {string} text
 * @returns {Promise<string>}
 */
export async function decodeCode(text) {
  const reader = new Blob([fromBase64url(text)]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  /** @type {Uint8Array<ArrayBuffer>[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_CODE * 4) {
      reader.cancel();
      throw new Error("too long");
    }
    chunks.push(value);
  }
  const code = new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
  if (code.length > MAX_CODE) throw new Error("too long");
  return code;
}
