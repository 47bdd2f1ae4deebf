// Runs in: Node (engine). The one interface every upstream (provincial one-stop, DVCQG, LGSP…)
// implements; the sync worker only talks to this. Chosen by config via createAdapter().
import type { DossierStatus } from '../dossiers/status';

/** What the worker hands an adapter to deliver: the dossier as the kiosk knows it. */
export interface OutgoingDossier {
  code: string;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  sectorCode: string | null;
  receivedAt: number;
  promisedAt: number | null;
  ownerName: string;
  ownerIdNumber: string;
  ownerType: 1 | 2 | 3 | 4;
  phone: string | null;
  email: string | null;
  summary: string;
  form: Record<string, unknown>;
  attachments: { name: string; componentCode: string; sha256: string; size: number; url: string }[];
}

export interface UpstreamRecord {
  /** The upstream's code for the dossier (ours, or an upstream-assigned MaHoSoKhac). */
  upstreamCode: string;
  status: DossierStatus;
  /** Fingerprint of the content the upstream holds, comparable with fingerprint(OutgoingDossier). */
  fingerprint: string;
}

export interface AttachmentSource {
  sha256: string;
  size: number;
  name: string;
  /** Reads the plaintext (decrypting from the blob store). Called lazily, only if bytes are needed. */
  read(): Buffer;
}

export interface UpstreamAdapter {
  readonly name: string;
  /** Cheap reachability probe for online detection; resolves true/false, never throws. */
  ping(): Promise<boolean>;
  /** Looks a dossier up by our code (or the upstream's); null when the upstream does not have it. */
  lookup(code: string): Promise<UpstreamRecord | null>;
  /** Creates (existing = null) or updates the record. Throws UpstreamError. */
  upsert(dossier: OutgoingDossier, existing: UpstreamRecord | null): Promise<UpstreamRecord>;
  /** Uploads one file, resuming from whatever the upstream already holds; returns its URL. */
  uploadAttachment(file: AttachmentSource): Promise<string>;
  /** Current status of several delivered dossiers (missing codes are omitted). */
  statuses(codes: string[]): Promise<Map<string, { status: DossierStatus; upstreamCode: string }>>;
}

/** Credentials are referenced (a resolver), never stored in config. */
export type CredentialSource = () => Promise<{ username: string; password: string }>;
