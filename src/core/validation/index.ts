// Runs in: Node (engine) and the renderer alike. Public surface of the Vietnamese validators.
export * from './issues';
export * from './date';
export * from './phone';
export * from './name';
export * from './personal-id';
export * from './admin-units';
