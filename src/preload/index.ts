// Runs in: Electron preload (sandboxed, context-isolated). Exposes the contract's transport and
// nothing else: no ipcRenderer, no Node, no arbitrary channels.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isRequestName } from '../shared/contract';
import { IPC_EVENT, IPC_INVOKE, type ClientTransport, type ConnectionState, type WireResult } from '../shared/transport/envelopes';

const bridge: ClientTransport = {
  invoke(channel: string, payload: unknown): Promise<WireResult> {
    if (!isRequestName(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'contract.unknown-channel', technicianMessage: `unknown channel ${channel}`, citizenMessage: 'Máy đang gặp sự cố.', retryable: false },
      });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, payload) as Promise<WireResult>;
  },
  onEvent(listener: (event: string, payload: unknown) => void) {
    const handler = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
  onConnection(listener: (state: ConnectionState) => void) {
    // IPC to our own main process is up for as long as this page exists.
    listener('open');
    return () => undefined;
  },
};

contextBridge.exposeInMainWorld('kioskBridge', bridge);
