import { randomUUID } from 'node:crypto';
import type { BenchClient } from './httpClient';
import { MEAN_TURNS_PER_SESSION, nextSession, RENEWAL_END, RENEWALS, type Session } from './scenarios';
import { seededRandom } from './stats';

export interface Target {
  name: string;
  client: BenchClient;
  /** Echo baseline: no sandbox, OTP steps send a fixed code and replies are not checked. */
  sandbox?: BenchClient;
}

export interface LoadResult {
  turns: number;
  /** HTTP status other than 200, a transport error, or a turn with no reply. */
  errors: number;
  /** A renewal that did not reach the payment link. */
  journeyErrors: number;
  latenciesMs: number[];
  seconds: number;
  sessions: Record<Session['kind'], number>;
  firstError?: string;
}

interface Window {
  from: number;
  to: number;
}

/** Runs sessions and records the turns that finish inside the measuring window. */
class Recorder {
  readonly result: LoadResult = { turns: 0, errors: 0, journeyErrors: 0, latenciesMs: [], seconds: 0, sessions: { greeting: 0, policy: 0, newQuestion: 0, renewal: 0 } };
  private readonly otpBusy = new Set<string>();
  constructor(
    private readonly target: Target,
    private readonly window: Window,
  ) {
    this.result.seconds = (window.to - window.from) / 1000;
  }

  private inWindow(at: number): boolean {
    return at >= this.window.from && at <= this.window.to;
  }

  session(random: () => number): Session {
    return nextSession(random, (phone) => !this.otpBusy.has(phone));
  }

  /** A renewal when a demo citizen is free, else undefined. */
  tryRenewal(): Session | undefined {
    const free = RENEWALS.find((renewal) => !this.otpBusy.has(renewal.phone));
    if (!free) return undefined;
    return { kind: 'renewal', phone: free.phone, steps: [...free.steps], expectLast: RENEWAL_END };
  }

  /** One conversation; `think` waits between turns (open loop), `stopAt` ends it early (closed loop). */
  async run(session: Session, think: () => Promise<void>, stopAt: number): Promise<void> {
    const conversation = `bench-${randomUUID()}`;
    const user = `citizen-${randomUUID()}`;
    // Held from the first message to the OTP being typed; released once, by this session only.
    let holding = Boolean(session.phone);
    const release = () => {
      if (holding && session.phone) this.otpBusy.delete(session.phone);
      holding = false;
    };
    if (session.phone) this.otpBusy.add(session.phone);
    let counted = false;
    try {
      let last = '';
      const transcript: string[] = [];
      for (const [index, step] of session.steps.entries()) {
        if (performance.now() > stopAt) return;
        if (index > 0) await think();
        let text: string;
        if ('say' in step) text = step.say;
        else text = this.target.sandbox ? await this.latestOtp(step.otpOf) : '123456';
        // From here on another conversation of this citizen may ask for its own code.
        if ('otpOf' in step) release();
        const started = performance.now();
        const reply = await this.turn(conversation, user, text);
        const ended = performance.now();
        if (this.inWindow(ended)) {
          if (!counted) {
            this.result.sessions[session.kind] += 1;
            counted = true;
          }
          this.result.turns += 1;
          this.result.latenciesMs.push(ended - started);
          if (!reply.ok) {
            this.result.errors += 1;
            this.result.firstError ??= reply.detail;
          }
        }
        transcript.push(`> ${text}`, `< ${reply.text.slice(0, 160).replace(/\s+/g, ' ')}`);
        if (!reply.ok) return;
        last = reply.text;
      }
      if (this.target.sandbox && session.expectLast && !session.expectLast.test(last) && this.inWindow(performance.now())) {
        this.result.journeyErrors += 1;
        this.result.firstError ??= `renewal ended without a payment link:\n    ${transcript.join('\n    ')}`;
      }
    } finally {
      release();
    }
  }

  private async latestOtp(phone: string): Promise<string> {
    const { text } = await this.target.sandbox!.request('GET', `/sandbox/sms?to=${encodeURIComponent(phone)}`);
    const messages = (JSON.parse(text) as { messages: Array<{ text: string }> }).messages;
    return messages.at(-1)?.text.match(/\b\d{6}\b/)?.[0] ?? '000000';
  }

  private async turn(conversation: string, user: string, text: string): Promise<{ ok: boolean; text: string; detail?: string }> {
    const activity = {
      type: 'message',
      id: randomUUID(),
      text,
      channelId: 'bench',
      deliveryMode: 'expectReplies',
      conversation: { id: conversation },
      from: { id: user },
      recipient: { id: 'bot' },
      locale: 'ms-MY',
    };
    try {
      const { status, text: body } = await this.target.client.request('POST', '/api/messages', activity);
      if (status !== 200) return { ok: false, text: '', detail: `HTTP ${status}: ${body.slice(0, 200)}` };
      const replies = ((JSON.parse(body) as { activities?: Array<{ type: string; text?: string }> }).activities ?? []).filter((a) => a.type === 'message');
      if (replies.length === 0) return { ok: false, text: '', detail: `no reply to "${text}"` };
      return { ok: true, text: replies.map((r) => r.text ?? '').join('\n') };
    } catch (err) {
      return { ok: false, text: '', detail: (err as Error).message };
    }
  }
}

/** Saturation: `concurrency` conversations back to back with no think time. */
export async function closedLoop(
  target: Target,
  options: { concurrency: number; warmupMs: number; durationMs: number; seed: number; only?: Session['kind'] },
): Promise<LoadResult> {
  const now = performance.now();
  const window = { from: now + options.warmupMs, to: now + options.warmupMs + options.durationMs };
  const recorder = new Recorder(target, window);
  const only = options.only;
  if (only) {
    // One kind of session only (bench:profile --only): draw until the mix gives that kind; a renewal
    // waits while both demo citizens are in an OTP exchange.
    const draw = recorder.session.bind(recorder);
    recorder.session = (random) => {
      for (;;) {
        const session = draw(random);
        if (session.kind === only) return session;
      }
    };
    if (only === 'renewal') {
      const worker = async () => {
        while (performance.now() < window.to) {
          const session = recorder.tryRenewal();
          if (session) await recorder.run(session, async () => undefined, window.to);
          else await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
      return recorder.result;
    }
  }
  const worker = async (index: number) => {
    const random = seededRandom(options.seed * 1000 + index);
    while (performance.now() < window.to) await recorder.run(recorder.session(random), async () => undefined, window.to);
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  return recorder.result;
}

/**
 * A fixed offered load, as citizens produce it: conversations start at random (Poisson) times at a
 * rate that offers `turnsPerSecond`, and each citizen thinks `thinkMs` between messages — so many
 * conversations are open at once while only some have a message in flight.
 */
export async function openLoop(
  target: Target,
  options: { turnsPerSecond: number; warmupMs: number; durationMs: number; seed: number; thinkMs: [number, number]; onTick?: (elapsedMs: number) => void },
): Promise<LoadResult & { peakOpenConversations: number }> {
  const random = seededRandom(options.seed);
  const start = performance.now();
  const window = { from: start + options.warmupMs, to: start + options.warmupMs + options.durationMs };
  const recorder = new Recorder(target, window);
  const sessionsPerSecond = options.turnsPerSecond / MEAN_TURNS_PER_SESSION;
  const think = () => new Promise<void>((resolve) => setTimeout(resolve, options.thinkMs[0] + random() * (options.thinkMs[1] - options.thinkMs[0])));
  const running = new Set<Promise<void>>();
  let peak = 0;
  let next = start;
  let lastTick = start;
  while (performance.now() < window.to) {
    const now = performance.now();
    if (options.onTick && now - lastTick >= 1000) {
      lastTick = now;
      options.onTick(now - start);
    }
    while (next <= now && running.size < 5_000) {
      const session = recorder.run(recorder.session(random), think, window.to).finally(() => running.delete(session));
      running.add(session);
      peak = Math.max(peak, running.size);
      next += (-Math.log(1 - random()) / sessionsPerSecond) * 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(20, next - performance.now()))));
  }
  await Promise.all(running);
  return { ...recorder.result, peakOpenConversations: peak };
}
