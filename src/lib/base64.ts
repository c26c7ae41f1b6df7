/**
 * Base64 text to bytes. `atob` is in every browser, worker and Node this runs on;
 * `Uint8Array.fromBase64` is not yet (Node 20). Throws on text that is not base64.
 */
export function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
