/** A logger with categories: log.info("polls", "opened", { meetingId }). One JSON line per event. */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold = ORDER[(process.env.LOG_LEVEL as Level | undefined) ?? "info"] ?? ORDER.info;

function write(level: Level, category: string, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, category, message, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  setLevel(level: Level | "silent"): void {
    threshold = ORDER[level];
  },
  debug: (category: string, message: string, fields?: Record<string, unknown>) => write("debug", category, message, fields),
  info: (category: string, message: string, fields?: Record<string, unknown>) => write("info", category, message, fields),
  warn: (category: string, message: string, fields?: Record<string, unknown>) => write("warn", category, message, fields),
  error: (category: string, message: string, fields?: Record<string, unknown>) => write("error", category, message, fields),
};

/** Error details for a log line. */
export function errorFields(err: unknown): Record<string, unknown> {
  return err instanceof Error ? { error: err.message, stack: err.stack } : { error: String(err) };
}
