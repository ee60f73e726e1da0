// A small levelled console logger. Levels as TWebLive IM.setLogLevel:
// 0 normal (everything), 1 release (info and up), 2 warn, 3 error, 4 none.

export class Logger {
  constructor(prefix, level = 1, sink = console) {
    this.prefix = prefix;
    this.level = level;
    this.sink = sink;
  }

  setLevel(level) {
    const n = Number(level);
    if (Number.isInteger(n) && n >= -1 && n <= 4) this.level = n;
  }

  debug(...args) {
    if (this.level <= 0) this.sink.debug(this.prefix, ...args);
  }

  info(...args) {
    if (this.level <= 1) this.sink.info(this.prefix, ...args);
  }

  warn(...args) {
    if (this.level <= 2) this.sink.warn(this.prefix, ...args);
  }

  error(...args) {
    if (this.level <= 3) this.sink.error(this.prefix, ...args);
  }
}
