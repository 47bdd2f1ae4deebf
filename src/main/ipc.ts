// Runs in: Electron main. The IPC half of the contract: one `handle` for every call, a sender
// check on each, and engine events pushed to the window.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Engine } from '../core/engine';
import { getLogger } from '../core/log';
import { KioskError } from '../shared/errors';
import { createDispatcher } from '../shared/transport/dispatcher';
import { IPC_EVENT, IPC_INVOKE, type WireResult } from '../shared/transport/envelopes';
import { isTrustedSender } from './sender-check';

const log = getLogger('ipc');

export function registerIpc(ipcMain: IpcMain, engine: Engine, appOrigin: string): () => void {
  const dispatch = createDispatcher(engine.handlers, (channel, error) => log.warn({ channel, code: error.code }, 'request failed'));
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<WireResult> => {
    if (!isTrustedSender(event.senderFrame, appOrigin)) {
      log.warn('refused IPC from an untrusted frame');
      return { ok: false, error: new KioskError({ code: 'ipc.untrusted-sender', technicianMessage: 'IPC from a frame outside the app origin' }).toJSON() };
    }
    return dispatch(channel, payload);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

export function forwardEvents(engine: Engine, target: () => WebContents | null): () => void {
  return engine.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event, payload);
  });
}
