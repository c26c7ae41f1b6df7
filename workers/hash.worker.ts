/** Hashes the trace's input bytes beside the parser (src/service/input-hasher.ts). */
import { hashWorkerHandler, webCryptoDigester, type HashRequest } from '../src/service/input-hasher';

const handle = hashWorkerHandler(
  (reply, transfer) => self.postMessage(reply, { transfer: transfer ?? [] }),
  webCryptoDigester() ?? undefined,
);
self.onmessage = (e: MessageEvent<HashRequest>) => handle(e.data);
