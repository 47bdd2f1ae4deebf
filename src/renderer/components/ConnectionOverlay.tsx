// Runs in: renderer. If the engine is unreachable the citizen is told plainly, instead of
// pressing buttons that cannot work.
import { useKiosk } from '../kiosk-context';

export function ConnectionOverlay() {
  const { connection } = useKiosk();
  if (connection === 'open') return null;
  return (
    <div className="overlay" role="alert">
      <div className="overlay-box">
        <p className="overlay-title">Máy đang khởi động lại</p>
        <p>Xin ông/bà vui lòng chờ trong giây lát.</p>
      </div>
    </div>
  );
}
