// Runs in: renderer. Gives every component the typed client, the kiosk's identity, device
// statuses and the connection state.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { DeviceStatus, KioskInfo } from '../shared/contract';
import type { KioskClient } from '../shared/transport/client';
import type { ConnectionState } from '../shared/transport/envelopes';

interface KioskState {
  client: KioskClient;
  info: KioskInfo | null;
  devices: Record<string, DeviceStatus>;
  connection: ConnectionState;
}

const KioskContext = createContext<KioskState | null>(null);

export function KioskProvider({ client, children }: { client: KioskClient; children: ReactNode }) {
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const [devices, setDevices] = useState<Record<string, DeviceStatus>>({});
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      client
        .call('kiosk.info', {})
        .then((i) => !cancelled && setInfo(i))
        .catch(() => undefined);
      client
        .call('devices.list', {})
        .then((list) => !cancelled && setDevices(Object.fromEntries(list.map((d) => [d.id, d]))))
        .catch(() => undefined);
    };
    load();
    const offConnection = client.onConnection((state) => {
      setConnection(state);
      if (state === 'open') load(); // after a host restart, re-read what may have changed
    });
    const offStatus = client.on('device.status', (status) => setDevices((d) => ({ ...d, [status.id]: status })));
    return () => {
      cancelled = true;
      offConnection();
      offStatus();
    };
  }, [client]);

  return <KioskContext.Provider value={{ client, info, devices, connection }}>{children}</KioskContext.Provider>;
}

export function useKiosk(): KioskState {
  const state = useContext(KioskContext);
  if (!state) throw new Error('useKiosk outside KioskProvider');
  return state;
}
