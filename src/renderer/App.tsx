// Runs in: renderer. The screen state machine. The citizen journey's screens hang off this.
import { useEffect, useState } from 'react';
import { useKiosk } from './kiosk-context';
import { AttractScreen } from './screens/AttractScreen';
import { CardDetectedScreen } from './screens/CardDetectedScreen';
import { ConnectionOverlay } from './components/ConnectionOverlay';

type Screen = { name: 'attract' } | { name: 'card-detected' };

export function App() {
  const { client, info } = useKiosk();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });

  useEffect(() => {
    const offs = [
      client.on('card.inserted', () => setScreen({ name: 'card-detected' })),
      client.on('card.removed', () => setScreen({ name: 'attract' })),
      // Whatever ended the session, nothing of the citizen stays on screen.
      client.on('session.ended', () => setScreen({ name: 'attract' })),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  return (
    <div className="kiosk" data-screen={screen.name}>
      <header className="kiosk-header">
        <span className="kiosk-emblem" aria-hidden="true">★</span>
        <span className="kiosk-centre">{info?.centreName ?? ''}</span>
        {info?.simulated ? <span className="kiosk-demo" title="Thiết bị mô phỏng">MÔ PHỎNG</span> : null}
      </header>
      <main className="kiosk-main">
        {screen.name === 'attract' ? <AttractScreen /> : <CardDetectedScreen />}
      </main>
      <ConnectionOverlay />
    </div>
  );
}
