// Runs in: Node (CLI). Where things are in a checkout / installed package.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const rendererDist = path.join(projectRoot, 'dist/renderer');
export const electronDist = path.join(projectRoot, 'dist/main');
