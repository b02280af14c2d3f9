/**
 * Preloaded (`node --import tsx --import <this file>`) into the Agents Playground's process by
 * `npm run playground`, so it listens on 127.0.0.1 only (see loopback.ts).
 */
import { listenOnLoopbackOnly } from './loopback.js';

listenOnLoopbackOnly();
