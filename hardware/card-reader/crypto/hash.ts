// Runs in: Node (engine) and Electron (no Node imports). Hashes by name, all pure JS (@noble/hashes).
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export function hash(name: HashName, data: Uint8Array): Uint8Array {
  switch (name) {
    case 'SHA-1':
      return sha1(data);
    case 'SHA-224':
      return sha224(data);
    case 'SHA-256':
      return sha256(data);
    case 'SHA-384':
      return sha384(data);
    case 'SHA-512':
      return sha512(data);
  }
}
export { sha1, sha224, sha256, sha384, sha512 };
