export { closeLogging, configureLogging, createRootLogger, getLogger, defaultLogDir, type Logger, type LogOptions } from './logger';
export { redact, scrubString, isPersonalKey, REDACTED } from './redact';
export { StartupPhases } from './startup-phases';
