/**
 * Keeps the servers of a process on the loopback interface (127.0.0.1). `npm run playground`
 * preloads loopback-preload.ts into the Agents Playground's process: the Playground has no option
 * for its address and listens on every interface, and a Playground with the bot behind it is a
 * door into the bot without a token (local anonymous mode). The bot itself is kept on loopback by
 * its configuration (config.ts: `host`).
 */
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * The arguments of `server.listen(...)` with the address set to 127.0.0.1: `listen(port[, host][,
 * backlog][, cb])`, `listen(options[, cb])` or `listen([cb])`. A pipe or a file descriptor is
 * left as it is (it is no network address).
 */
export function loopbackListenArgs(args: readonly unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as Record<string, unknown>;
    if ('path' in options || 'fd' in options || '_handle' in options) return [...args];
    return [{ ...options, host: LOOPBACK }, ...rest];
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return [first, LOOPBACK, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest)];
  }
  if (typeof first === 'string') return [...args]; // a pipe's path
  return [0, LOOPBACK, ...(first === undefined ? [] : [first]), ...rest];
}

/** From now on every server of this process listens on 127.0.0.1; returns what undoes it (tests). */
export function listenOnLoopbackOnly(): () => void {
  const listen = net.Server.prototype.listen;
  const onLoopback = function (this: net.Server, ...args: unknown[]) {
    return (listen as (...a: unknown[]) => net.Server).apply(this, loopbackListenArgs(args));
  };
  net.Server.prototype.listen = onLoopback as typeof listen;
  return () => {
    net.Server.prototype.listen = listen;
  };
}
