// Runs in: Electron main. Pure. Checklist #17: every IPC message's senderFrame must be our own
// page — a frame from anywhere else (an injected iframe, a navigated-away page) is refused.
import { isSameOrigin } from './app-protocol';

export interface SenderFrameLike {
  url: string;
  /** Only the top frame may call the engine. */
  parent: unknown;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined, appOrigin: string): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isSameOrigin(frame.url, appOrigin);
}
