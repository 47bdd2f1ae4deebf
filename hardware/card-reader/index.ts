// Runs in: Node (engine). Public surface of the chip ID-card reader stack.
export { readDocument, choosePace, EMRTD_AID, type ReadKey, type ReadOptions, type ReadStage, type RawDocumentRead, type RawFile, type AccessSummary, type ChipAuthenticationStatus } from './reader';
export { activeAuthenticate, verifyRsa9796, type ActiveAuthenticationResult } from './access/active-auth';
export { planChipAuthentication, performChipAuthentication, type ChipAuthenticationPlan, type ChipAuthenticationResult } from './access/chip-auth';
export type { MrzKey, AccessKey } from './access/types';
export { WRONG_KEY_CITIZEN } from './access/errors';
