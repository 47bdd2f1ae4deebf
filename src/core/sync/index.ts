// Runs in: Node (engine).
export * from './adapter';
export * from './errors';
export * from './backoff';
export { SyncWorker, type SyncWorkerOptions, type SyncEvents, type SyncState } from './worker';
export { DvcAdapter, toHoSo, hoSoFingerprint, type DvcAdapterOptions } from './dvc-adapter';
export { createAdapter, type UpstreamConfig } from './config';
