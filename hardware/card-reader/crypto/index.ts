// Runs in: Node (engine) and Electron (no Node imports). Crypto primitives for the eMRTD stack.
export * from './des';
export * from './aes';
export * from './mac';
export * from './hash';
export * from './kdf';
export * from './ec';
export * from './bytes';
