// Runs in: Node (engine). The printer driver's public surface, for the engine and the CLI.
export { createPrinter, type Printer, type PrinterOptions, type JobEvent } from './printer';
export { openJobStore, PRINT_JOBS_DDL, type JobStore, type JobState, type StoredJob } from './job-store';
export { getProfile, PROFILES, type PrinterProfile, type TextMode } from './profiles';
export { parsePrinterUri, type PrinterAddress } from './uri';
export { compileDocument, checkQrFits, type Block, type PrintDocument, type TextSize } from './document';
export { decodeStatus, makeAlarm, type PaperStatus, type PrinterAlarm, type PrinterAlarmCode } from './status';
