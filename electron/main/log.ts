/** One logger per module; JSON lines on stderr. TESSERA_LOG=silent|error|warn|info (default info). */
const levels = { silent: 0, error: 1, warn: 2, info: 3 } as const;
type Level = Exclude<keyof typeof levels, 'silent'>;

function threshold(): number {
  const name = process.env.TESSERA_LOG ?? 'info';
  return name in levels ? levels[name as keyof typeof levels] : levels.info;
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(module: string): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (levels[level] > threshold()) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, module, msg, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
