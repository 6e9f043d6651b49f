/**
 * The open `/classify/live` sessions, so that a shutdown can end each one properly (last windows,
 * summary, close code 1001) before the process exits.
 *
 * @module
 */
import type { LiveSession } from "./live-session.ts"

/** The set of open live sessions. */
export class LiveSessions {
  private readonly open = new Set<LiveSession>()

  get size(): number {
    return this.open.size
  }

  add(session: LiveSession): void {
    this.open.add(session)
    void session.finished.finally(() => this.open.delete(session))
  }

  /** Ends every session's input and waits until each has sent its summary and closed. */
  async shutdown(): Promise<void> {
    const sessions = [...this.open]
    for (const s of sessions) s.shutdown()
    await Promise.allSettled(sessions.map((s) => s.finished))
  }
}
