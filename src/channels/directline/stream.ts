import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../observability/logger';
import { sequenceOf, type ConversationStore } from './conversationStore';
import type { PushedSet, PushHub } from './pushHub';
import { TokenRejectedError, bearerToken, type TokenSigner } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;

export interface StreamOptions {
  /** At most this many open streams per conversation (a tab or two, a reconnect in flight). */
  maxSocketsPerConversation: number;
  heartbeatMs: number;
}

/**
 * The Direct Line WebSocket stream: `{activities, watermark}` sets pushed as they happen. On connect
 * it first sends what the client has not seen (everything retained, or after `watermark`), then live
 * pushes, without gaps or repeats — so a receipt that arrives while the page is open appears at once,
 * and a reconnect misses nothing.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly open = new Map<string, Set<WebSocket>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      signer: () => Promise<TokenSigner>;
      store: ConversationStore;
      hub: PushHub;
      logger: Logger;
      options: StreamOptions;
    },
  ) {
    // Mobile networks drop sockets silently; a ping that goes unanswered frees the slot.
    this.heartbeat = setInterval(() => this.ping(), deps.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Handles the HTTP upgrade when it is for a Direct Line stream; false leaves it to others. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    const conversationId = match[1]!;
    void this.accept(request, socket, head, conversationId, url).catch((err) => {
      this.deps.logger.warn({ err }, 'directline stream failed to open');
      refuse(socket, 500, 'Internal Server Error');
    });
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const sockets of this.open.values()) for (const socket of sockets) socket.terminate();
    this.open.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, url: URL): Promise<void> {
    const signer = await this.deps.signer();
    try {
      signer.verify(url.searchParams.get('t') ?? bearerToken(request.headers.authorization), conversationId);
    } catch (err) {
      if (err instanceof TokenRejectedError) return refuse(socket, err.reason === 'missing' ? 401 : 403, 'Forbidden');
      throw err;
    }
    if (!(await this.deps.store.get(conversationId))) return refuse(socket, 404, 'Not Found');
    if ((this.open.get(conversationId)?.size ?? 0) >= this.deps.options.maxSocketsPerConversation) {
      return refuse(socket, 429, 'Too Many Requests');
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.serve(ws, conversationId, url.searchParams.get('watermark') ?? undefined));
  }

  private async serve(ws: WebSocket, conversationId: string, watermark: string | undefined): Promise<void> {
    const sockets = this.open.get(conversationId) ?? new Set<WebSocket>();
    sockets.add(ws);
    this.open.set(conversationId, sockets);
    (ws as WebSocket & { alive?: boolean }).alive = true;
    ws.on('pong', () => ((ws as WebSocket & { alive?: boolean }).alive = true));
    // Clients send empty keep-alive frames (directlinejs); nothing a client sends here is acted on.
    ws.on('message', () => undefined);

    let lastSent = 0;
    let caughtUp = false;
    const waiting: PushedSet[] = [];
    const send = (set: PushedSet) => {
      // Stored activities carry a sequence; skip ones already sent in the backlog. Typing has none.
      const fresh = set.activities.filter((activity) => !isStored(activity) || sequenceOf(activity) > lastSent);
      if (!fresh.length || ws.readyState !== ws.OPEN) return;
      for (const activity of fresh) if (isStored(activity)) lastSent = Math.max(lastSent, sequenceOf(activity));
      ws.send(JSON.stringify(set.watermark === undefined ? { activities: fresh } : { activities: fresh, watermark: set.watermark }));
    };
    // Listen first, then read the backlog: whatever is pushed meanwhile waits, so nothing falls between.
    const subscribed = this.deps.hub.subscribe(conversationId, (set) => (caughtUp ? send(set) : waiting.push(set)));
    ws.on('close', () => {
      sockets.delete(ws);
      if (!sockets.size) this.open.delete(conversationId);
      void subscribed.then((unsubscribe) => unsubscribe());
    });
    await subscribed;
    try {
      const backlog = await this.deps.store.since(conversationId, watermark);
      if (watermark && /^\d+$/.test(watermark)) lastSent = Number(watermark);
      if (backlog.activities.length) send(backlog);
    } catch (err) {
      this.deps.logger.warn({ err }, 'directline stream backlog unavailable');
    }
    caughtUp = true;
    for (const set of waiting.splice(0)) send(set);
  }

  private ping(): void {
    for (const sockets of this.open.values()) {
      for (const socket of sockets) {
        const tracked = socket as WebSocket & { alive?: boolean };
        if (tracked.alive === false) {
          socket.terminate();
          continue;
        }
        tracked.alive = false;
        socket.ping();
      }
    }
  }
}

function isStored(activity: { id?: string }): boolean {
  return /\|\d+$/.test(activity.id ?? '');
}

function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
