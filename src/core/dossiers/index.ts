// Runs in: Node (engine).
export * from './store';
export * from './code';
export * from './status';
export { BlobStore, type StoredBlob } from './blobs';
