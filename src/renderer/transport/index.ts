// Runs in: renderer. Picks the transport once at start-up; everything else in the UI sees only a
// KioskClient and cannot tell Electron IPC from the browser host's WebSocket.
import { createKioskClient, type KioskClient } from '../../shared/transport/client';
import type { ClientTransport } from '../../shared/transport/envelopes';
import { createWebSocketTransport } from '../../shared/transport/websocket-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    kioskBridge?: ClientTransport;
  }
}

function browserHostTransport(): ClientTransport {
  // The per-launch secret arrives in the URL fragment, which the browser never sends to a server.
  const secret = new URLSearchParams(window.location.hash.slice(1)).get('k') ?? '';
  const url = `${window.location.origin.replace(/^http/, 'ws')}/api?k=${encodeURIComponent(secret)}`;
  return createWebSocketTransport(url, (u) => new WebSocket(u));
}

export function connectToEngine(): KioskClient {
  return createKioskClient(window.kioskBridge ?? browserHostTransport());
}
