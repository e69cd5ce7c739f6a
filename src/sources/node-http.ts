// node:http, taken with require(): an ES import of it builds a namespace from all its
// exports, and reading its WebSocket export loads Node's whole fetch implementation
// (undici: ~10 MB and a tenth of a second at every start), which podlife never uses.
import { createRequire } from 'node:module';

export const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
