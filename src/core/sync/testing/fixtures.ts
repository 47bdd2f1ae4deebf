// Runs in: Node (tests, benchmarks, crash-test child). Deterministic sample dossiers with
// Vietnamese personal data, so tests can look for that data where it must not appear.
import type { SubmitDossierInput } from '../../dossiers/store';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN = ['Văn An', 'Thị Bình', 'Hữu Cường', 'Thị Dung', 'Quốc Huy', 'Ngọc Lan', 'Đức Thắng', 'Thị Ấu'];

export function ownerName(i: number): string {
  return `${FAMILY[i % FAMILY.length]} ${GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]} ${i}`;
}

export function ownerId(i: number): string {
  return `0792${String(i).padStart(8, '0')}`;
}

/** Pseudo-random bytes seeded by i (xorshift), so the same dossier always has the same file. */
export function sampleBytes(i: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = (i * 2654435761) >>> 0 || 1;
  for (let k = 0; k < size; k++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[k] = x & 0xff;
  }
  return out;
}

export function sampleDossier(i: number, options: { attachmentBytes?: number; procedureCode?: string; attachments?: number } = {}): SubmitDossierInput {
  const n = options.attachments ?? 1;
  return {
    procedureCode: options.procedureCode ?? '1.001193',
    procedureName: 'Đăng ký thường trú',
    sectorCode: 'G09-CA',
    personal: {
      ownerName: ownerName(i),
      ownerIdNumber: ownerId(i),
      phone: `09${String(10000000 + i).slice(-8)}`,
      email: `cong.dan.${i}@example.vn`,
      address: `Số ${i} đường Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh`,
      summary: `Đăng ký thường trú cho ông/bà ${ownerName(i)}`,
      form: { hoTen: ownerName(i), soDinhDanh: ownerId(i), lyDo: 'Chuyển nơi ở', stt: i },
    },
    attachments: Array.from({ length: n }, (_, k) => ({
      name: `giay-to-${i}-${k}.pdf`,
      componentCode: `TP${k + 1}`,
      mime: 'application/pdf',
      bytes: sampleBytes(i * 31 + k, options.attachmentBytes ?? 2048),
    })),
  };
}
