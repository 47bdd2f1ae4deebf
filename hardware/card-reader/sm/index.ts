// Runs in: Node (engine) and Electron (no Node imports). Secure messaging, both ends.
export * from './secure-messaging';
export * from './apdu';
export { createSmCipher, incrementSsc, type SmCipher } from './cipher';
export { Iso7816SmWrapper } from './iso7816-wrapper';
