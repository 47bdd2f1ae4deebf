// Runs in: Node (engine).
export { openDatabase, openDatabaseWithKey, durableTransaction, type Database, type OpenDatabaseOptions, type OpenedDatabase } from './open';
export { migrate, currentSchemaVersion, type Migration } from './migrations';
export { loadOrCreateKeyFile, parseKeyFile, deriveSubKey, fsyncDir, type KeyProvider } from './keys';
