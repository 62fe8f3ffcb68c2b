import net from 'node:net';

/** A stand-in network receipt printer: a TCP listener on 127.0.0.1 that records what each connection sent. */
export interface PrinterListener {
  host: string;
  port: number;
  /** The bytes of every finished connection (the client closed its side), in order. */
  jobs: Buffer[];
  /** Resolves with the bytes of the `n`th finished connection (1-based); rejects when none comes within `timeoutMs`. */
  job(n: number, timeoutMs?: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function printerListener(): Promise<PrinterListener> {
  const jobs: Buffer[] = [];
  const waiting = new Map<number, (b: Buffer) => void>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      waiting.get(jobs.length)?.(jobs[jobs.length - 1]!);
      socket.end();
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    jobs,
    job: (n, timeoutMs = 5_000) =>
      jobs.length >= n
        ? Promise.resolve(jobs[n - 1]!)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the printer received no job ${n} within ${timeoutMs} ms`)), timeoutMs);
            waiting.set(n, (b) => {
              clearTimeout(timer);
              resolve(b);
            });
          }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (taken, then given back). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
