/**
 * Server-Sent Events over fetch, so the session token travels in the Authorization header
 * (EventSource can send no headers, and a token in the address ends up in logs and history).
 * Reconnects after a dropped connection with a growing pause; stops for good when the host
 * refuses the session (401/403): the ended session shows up on the next call.
 */

export type StreamListener = (event: string, data: string) => void;

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Feeds `chunk` to the parser; complete events go to `listener`. Returns the unparsed rest. */
export function parseEvents(buffer: string, listener: StreamListener): string {
  const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) listener(event, data.join('\n'));
  }
  return rest;
}

/** Opens the stream at `url` for `token`; returns the function that closes it. */
export function openEventStream(url: string, token: string, listener: StreamListener): () => void {
  const abort = new AbortController();
  let stopped = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let retryMs = FIRST_RETRY_MS;
    while (!stopped) {
      try {
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          cache: 'no-store',
          signal: abort.signal,
        });
        if (res.status === 401 || res.status === 403) return;
        if (res.ok && res.body) {
          retryMs = FIRST_RETRY_MS;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer = parseEvents(buffer + value, listener);
          }
        }
      } catch {
        // A dropped connection (or the close below): try again unless closed.
      }
      if (stopped) return;
      await pause(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
    wake?.();
  };
}
