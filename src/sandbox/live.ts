/**
 * The sandbox's live parts, as Drone keeps them in memory: per-step log streams (livelog: a
 * buffer of the last 5000 lines replayed to each new subscriber, then live lines, then eof)
 * and the build event bus behind /api/stream. Tests drive them: start a step, append lines,
 * end it (which stores the log as the runner's upload does), publish build changes.
 */
import type { Build, Line, Repo, Stage, Status, Step } from "../drone/types.js";

/** What the live parts need of the sandbox's state (state.ts owns them: no import back). */
export interface DroneState {
  repos: Repo[];
  readonly events: BuildEvents;
  findBuild(repo: Repo, number: number): Build | undefined;
  logKey(repo: Repo, build: number, stage: number, step: number): string;
  setLog(repo: Repo, build: number, stage: number, step: number, lines: string[] | null): void;
}

/** Drone's livelog keeps this many lines per step for replay (livelog/stream.go bufferSize). */
export const LIVE_BUFFER_LINES = 5000;

export interface LiveSubscriber {
  line(line: Line): void;
  /** The step ended: send `event: error / data: eof` and close. */
  eof(): void;
  /** Drop the connection without eof (a proxy timeout, a server restart). */
  drop(): void;
}

interface LiveStream {
  started: number;
  next: number;
  history: Line[];
  all: string[];
  subscribers: Set<LiveSubscriber>;
}

export interface StepAddress {
  repo: Repo;
  build: number;
  stage: number;
  step: number;
}

export class LiveLogs {
  private readonly streams = new Map<string, LiveStream>();
  /** Interval of `: ping` comments on open streams (Drone: 30 s). */
  pingIntervalMs = 30_000;

  constructor(private readonly state: DroneState) {}

  private key(a: StepAddress): string {
    return this.state.logKey(a.repo, a.build, a.stage, a.step);
  }

  /** The step starts running: a stream exists from now on, and the step, stage and build are running. */
  start(a: StepAddress): void {
    this.streams.set(this.key(a), { started: Date.now(), next: 0, history: [], all: [], subscribers: new Set() });
    const found = findStep(this.state, a);
    if (!found) return;
    const t = Math.floor(Date.now() / 1000);
    found.step.status = "running";
    found.step.started = t;
    found.step.stopped = 0;
    if (found.stage.status !== "running") Object.assign(found.stage, { status: "running", started: t, stopped: 0 });
    if (found.build.status !== "running") Object.assign(found.build, { status: "running", started: t, finished: 0 });
    this.state.events.publish(a.repo, found.build);
  }

  /** The step prints lines (text without the trailing newline). */
  append(a: StepAddress, ...texts: string[]): void {
    const stream = this.streams.get(this.key(a));
    if (!stream) throw new Error(`sandbox: step ${this.key(a)} is not live; call live.start first`);
    for (const text of texts) {
      const line: Line = {
        pos: stream.next++,
        out: `${text}\n`,
        time: Math.floor((Date.now() - stream.started) / 1000),
      };
      stream.all.push(text);
      stream.history.push(line);
      if (stream.history.length > LIVE_BUFFER_LINES) stream.history.shift();
      for (const subscriber of stream.subscribers) subscriber.line(line);
    }
  }

  /**
   * The step ends: subscribers get eof, the stream is gone, and the full log is stored as the
   * runner uploads it (so GET .../logs/{stage}/{step} answers from now on).
   */
  end(a: StepAddress, status: Status = "success"): void {
    const key = this.key(a);
    const stream = this.streams.get(key);
    this.streams.delete(key);
    if (stream) {
      this.state.setLog(a.repo, a.build, a.stage, a.step, stream.all.length ? stream.all : null);
      for (const subscriber of stream.subscribers) subscriber.eof();
    }
    const found = findStep(this.state, a);
    if (!found) return;
    found.step.status = status;
    found.step.exit_code = status === "failure" ? 1 : 0;
    found.step.stopped = Math.floor(Date.now() / 1000);
    this.state.events.publish(a.repo, found.build);
  }

  /** Closes every subscriber's connection without eof; the step keeps running. */
  disconnect(a: StepAddress): void {
    const stream = this.streams.get(this.key(a));
    for (const subscriber of stream?.subscribers ?? []) subscriber.drop();
    stream?.subscribers.clear();
  }

  /** Subscribes to a step: replays its buffer, then live lines. Undefined when the step is not live. */
  subscribe(key: string, subscriber: LiveSubscriber): (() => void) | undefined {
    const stream = this.streams.get(key);
    if (!stream) return undefined;
    for (const line of stream.history) subscriber.line(line);
    stream.subscribers.add(subscriber);
    return () => stream.subscribers.delete(subscriber);
  }

  /** Subscriber counts per live step id, as /api/system/stats reports them under `streams`. */
  info(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, stream] of this.streams) {
      const [repoId, build, stage, step] = key.split("/").map(Number);
      const repo = this.state.repos.find((r) => r.id === repoId);
      const found = repo && findStep(this.state, { repo, build: build ?? 0, stage: stage ?? 0, step: step ?? 0 });
      if (found) out[String(found.step.id)] = stream.subscribers.size;
    }
    return out;
  }
}

export function findStep(state: DroneState, a: StepAddress): { build: Build; stage: Stage; step: Step } | undefined {
  const build = state.findBuild(a.repo, a.build);
  const stage = build?.stages?.find((s) => s.number === a.stage);
  const step = stage?.steps?.find((s) => s.number === a.step);
  return build && stage && step ? { build, stage, step } : undefined;
}

export interface EventSubscriber {
  /** Whether this subscriber may see events of this repo. */
  accepts(repo: Repo): boolean;
  send(payload: string): void;
  drop(): void;
}

/** Drone's pubsub for build events: each message is the Repo with `build` (stages and steps). */
export class BuildEvents {
  private readonly subscribers = new Set<EventSubscriber>();

  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Sends the build's current state to every subscriber allowed to see the repo. */
  publish(repo: Repo, build: Build): void {
    const payload = JSON.stringify({ ...repo, build });
    for (const subscriber of this.subscribers) if (subscriber.accepts(repo)) subscriber.send(payload);
  }

  /** Closes every event stream without eof. */
  disconnectAll(): void {
    for (const subscriber of this.subscribers) subscriber.drop();
    this.subscribers.clear();
  }
}
