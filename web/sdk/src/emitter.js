// The TWebLive event model (tweblive-api.md §2).
//
// - on(name, handler, context?): the handler is wrapped so an exception is logged as
//   "the integrator's callback for EVENT.X is broken" and never rethrown. Registering the
//   same handler (with the same context) twice keeps one registration.
// - off(name, handler, context?): really removes that handler (1.3.1 removed nothing);
//   without a context every registration of that handler goes; off(name) removes all.
// - Handlers get ONE argument: { name, data }.

import { eventKey } from './constants.js';

export class Emitter {
  /**
   * @param {{error: Function}} [logger] where broken callbacks are reported (console).
   */
  constructor(logger) {
    this._logger = logger || console;
    /** @type {Map<string, Array<{handler: Function, context: any}>>} */
    this._listeners = new Map();
  }

  on(name, handler, context) {
    if (typeof handler !== 'function') return;
    let list = this._listeners.get(name);
    if (!list) {
      list = [];
      this._listeners.set(name, list);
    }
    if (list.some((l) => l.handler === handler && l.context === context)) return;
    list.push({ handler, context });
  }

  off(name, handler, context) {
    const list = this._listeners.get(name);
    if (!list) return;
    if (handler === undefined) {
      this._listeners.delete(name);
      return;
    }
    const kept = list.filter(
      (l) => !(l.handler === handler && (context === undefined || l.context === context)),
    );
    if (kept.length) this._listeners.set(name, kept);
    else this._listeners.delete(name);
  }

  /** Calls every handler of `name` with `{name, data}`; returns how many were called. */
  emit(name, data) {
    const list = this._listeners.get(name);
    if (!list || list.length === 0) return 0;
    // Snapshot: handlers may call on/off while we iterate.
    const snapshot = list.slice();
    for (const { handler, context } of snapshot) {
      try {
        handler.call(context, { name, data });
      } catch (err) {
        try {
          this._logger.error(`the integrator's callback for EVENT.${eventKey(name)} is broken`, err);
        } catch {
          // a broken logger must not break the SDK either
        }
      }
    }
    return snapshot.length;
  }

  /** Number of handlers registered for `name`. */
  listenerCount(name) {
    const list = this._listeners.get(name);
    return list ? list.length : 0;
  }
}
