// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (commands on the browser's fd 3, replies on fd 4, NUL-separated JSON), so
// the HTML report is tested in a real headless browser with no npm package.
import { ChildProcess, spawn, spawnSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { Readable, Writable } from "stream";

/** Debian's binary name (package `chromium`, installed by .ci/run). */
const BINARY = "chromium";

/** Whether chromium is on the PATH. */
export function chromiumInstalled(): boolean {
  return !spawnSync(BINARY, ["--version"], { stdio: "ignore" }).error;
}

/**
 * True when the browser tests can run; false (with a warning) when chromium is
 * missing locally. Throws when it is missing and CI=true, so CI never passes unchecked.
 */
export function requireChromium(): boolean {
  if (chromiumInstalled()) return true;
  const why = "chromium is not installed; install Debian's chromium package to run the HTML report's browser tests";
  if (process.env.CI === "true") throw new Error(`${why} (CI=true: a missing chromium fails instead of skipping)`);
  console.warn(`skipping browser tests: ${why}`);
  return false;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  params?: Record<string, unknown>;
}

/** One headless browser with one page. */
export class HeadlessPage {
  /** Starts chromium and opens `url`, resolving once its load event fired. */
  public static async open(url: string): Promise<HeadlessPage> {
    const profile = mkdtempSync(join(tmpdir(), "vigil-chromium-"));
    const child = spawn(BINARY, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"], {
      stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    });
    const page = new HeadlessPage(child, profile);
    const { targetId } = (await page.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await page.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    page.sessionId = sessionId;
    await page.send("Page.enable");
    const loaded = page.nextEvent("Page.loadEventFired");
    await page.send("Page.navigate", { url });
    await loaded;
    return page;
  }

  private sessionId?: string;
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly waiters: Array<{ method: string; resolve: () => void }> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const replies = child.stdio[4] as Readable;
    replies.setEncoding("utf8");
    replies.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\0")) >= 0) {
        this.dispatch(JSON.parse(this.buffer.slice(0, end)) as Message);
        this.buffer = this.buffer.slice(end + 1);
      }
    });
    child.on("exit", () => {
      for (const p of this.pending.values()) p.reject(new Error("chromium exited"));
      this.pending.clear();
    });
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve(message.result ?? {});
      return;
    }
    const i = this.waiters.findIndex((w) => w.method === message.method);
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve();
  }

  private nextEvent(method: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  private send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = { id, method, params, ...(this.sessionId && !method.startsWith("Target.") ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Evaluates `expression` in the page and returns its value (JSON-serializable). */
  public async evaluate<T>(expression: string): Promise<T> {
    const reply = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails) throw new Error(`in the page: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    return reply.result.value;
  }

  /** Closes the browser and removes its profile. */
  public async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.send("Browser.close").catch(() => undefined);
    await exited;
    rmSync(this.profile, { recursive: true, force: true });
  }
}
