// Runs in: Node (engine) and Electron (no Node imports). Access control: BAC and PACE.
export * from './types';
export * from './errors';
export * from './keys';
export * from './bac';
export * from './pace';
