// Runs in: renderer. The citizen checks that the kiosk read the right person: photo, name, ID,
// and whether the card proved genuine. Colour is never the only signal (icon + words too).
import type { Identity } from '../../shared/contract';

const BADGE: Record<Identity['verification']['status'], { className: string; icon: string; text: string }> = {
  genuine: { className: 'badge-ok', icon: '✔', text: 'Thẻ thật — đã xác thực chữ ký số của cơ quan cấp' },
  'issuer-unverified': { className: 'badge-warn', icon: '!', text: 'Đã đọc thẻ, chưa xác minh được cơ quan cấp' },
  failed: { className: 'badge-bad', icon: '✖', text: 'Thẻ không qua bước kiểm tra — xin mời gặp cán bộ' },
  'not-checked': { className: 'badge-warn', icon: '!', text: 'Thông tin chưa được kiểm tra bằng chip' },
};

export function IdentityScreen({ identity, onConfirm, onReject }: { identity: Identity; onConfirm: () => void; onReject: () => void }) {
  const badge = BADGE[identity.verification.status];
  const rows: Array<[string, string | undefined]> = [
    ['Họ và tên', identity.fullName],
    ['Số định danh', identity.idNumber],
    ['Ngày sinh', identity.dateOfBirth],
    ['Giới tính', identity.sex],
    ['Quê quán', identity.placeOfOrigin],
    ['Nơi thường trú', identity.placeOfResidence],
  ];
  return (
    <section className="identity" aria-labelledby="identity-title">
      <h1 id="identity-title" className="screen-title">Đây có phải là thông tin của ông/bà?</h1>
      <div className="identity-card">
        {identity.faceImage ? <img className="identity-face" src={identity.faceImage} alt="Ảnh chân dung trên thẻ" /> : <div className="identity-face identity-face-missing">Không có ảnh</div>}
        <dl className="identity-fields">
          {rows
            .filter(([, v]) => v)
            .map(([label, value]) => (
              <div key={label} className="identity-row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </div>
      <p className={`badge ${badge.className}`} data-testid="verification-badge" data-status={identity.verification.status}>
        <span aria-hidden="true">{badge.icon}</span> {badge.text}
      </p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onReject}>
          Không phải tôi
        </button>
        <button type="button" className="button-primary" onClick={onConfirm} disabled={identity.verification.status === 'failed'}>
          Đúng, tiếp tục
        </button>
      </div>
    </section>
  );
}
