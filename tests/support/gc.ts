// Runs in: Node (vitest). A full garbage collection on demand, for tests that prove an object is
// no longer reachable (a WeakRef to it is cleared) — leaks and personal data kept after a session.
// --expose-gc is switched on at run time, so no test runner flag is needed; `gc` is then only
// visible in a fresh context, which is where V8 installs it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Collects until nothing more can be freed. Awaits a macrotask first: V8 keeps every WeakRef
 * target created or dereferenced in the current job alive until the job ends.
 */
export async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
}

/** True when `ref`'s target has been collected after a full GC. */
export async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  await collectGarbage();
  return ref.deref() === undefined;
}
