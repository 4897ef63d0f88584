import type { QueuedEvent } from "../../src/queue/job-key.js";
import type { ReviewQueue } from "../../src/queue/review-queue.js";

let counter = 0;

/** A trimmed `pull_request` delivery with the fields the queue reads. */
export function prEvent(number: number, sha: string, installation = 1, action = "synchronize", id = `d-${++counter}`): QueuedEvent {
  return {
    id,
    name: "pull_request",
    payload: { action, number, pull_request: { number, head: { sha } }, repository: { full_name: "acme/shop" }, installation: { id: installation } },
  };
}

export function commentEvent(id: string, prNumber?: number): QueuedEvent {
  const issue = prNumber ? { number: prNumber, pull_request: { url: "x" } } : { number: 99 };
  return { id, name: "issue_comment", payload: { action: "created", issue, repository: { full_name: "acme/shop" }, installation: { id: 1 } } };
}

/** Behaviour both queue kinds must share; each test gets a fresh queue from `make`. */
export function queueContract(name: string, make: (opts: { concurrency?: number; perInstallation?: number; attempts?: number; backoffMs?: number }) => ReviewQueue): void {
  describe(`${name} queue`, () => {
    let queue: ReviewQueue;
    afterEach(async () => {
      await queue?.close();
    });

    it("runs a job once for a redelivery and for a second event on the same head", async () => {
      queue = make({});
      const ran: string[] = [];
      const first = prEvent(1, "aaa", 1, "opened", "same");
      expect((await queue.enqueue(first)).added).toBe(true);
      expect((await queue.enqueue(first)).added).toBe(false);
      expect((await queue.enqueue(prEvent(1, "aaa", 1, "synchronize"))).added).toBe(false);
      await queue.work({ run: async (e) => void ran.push(e.id) });
      await queue.idle();
      expect(ran).toEqual(["same"]);
    });

    it("runs explicit re-runs (distinct deliveries) each time", async () => {
      queue = make({});
      const ran: string[] = [];
      await queue.enqueue(commentEvent("c1"));
      await queue.enqueue(commentEvent("c2"));
      await queue.enqueue(commentEvent("c1"));
      await queue.work({ run: async (e) => void ran.push(e.id) });
      await queue.idle();
      expect(ran.sort()).toEqual(["c1", "c2"]);
    });

    it("runs ready_for_review and reopened for a head already seen (as a draft); a redelivery of either runs once", async () => {
      queue = make({});
      const ran: string[] = [];
      expect((await queue.enqueue(prEvent(4, "ddd", 1, "opened", "opened-as-draft"))).added).toBe(true);
      expect((await queue.enqueue(prEvent(4, "ddd", 1, "ready_for_review", "ready"))).added).toBe(true);
      expect((await queue.enqueue(prEvent(4, "ddd", 1, "ready_for_review", "ready"))).added).toBe(false);
      expect((await queue.enqueue(prEvent(4, "ddd", 1, "reopened", "reopened"))).added).toBe(true);
      expect((await queue.enqueue(prEvent(4, "ddd", 1, "reopened", "reopened"))).added).toBe(false);
      await queue.work({ run: async (e) => void ran.push(e.id) });
      await queue.idle();
      expect(ran.sort()).toEqual(["opened-as-draft", "ready", "reopened"]);
    });

    it("runs a job for every head, whatever order deliveries arrive in: which head is newest is GitHub's to say", async () => {
      queue = make({});
      const ran: string[] = [];
      // PR 8: pushes A then B, then a late redelivery of A's event. PR 9: B's event arrives before A's.
      await queue.enqueue(prEvent(8, "a8", 1, "synchronize", "8a"));
      await queue.enqueue(prEvent(8, "b8", 1, "synchronize", "8b"));
      expect((await queue.enqueue(prEvent(8, "a8", 1, "synchronize", "8a"))).added).toBe(false);
      await queue.enqueue(prEvent(9, "b9", 1, "synchronize", "9b"));
      await queue.enqueue(prEvent(9, "a9", 1, "synchronize", "9a"));
      await queue.work({ run: async (e) => void ran.push(e.id) });
      await queue.idle();
      expect(ran.sort()).toEqual(["8a", "8b", "9a", "9b"]);
    });

    it("retries a failing job with backoff, then reports the final failure once", async () => {
      queue = make({ attempts: 3, backoffMs: 20 });
      let calls = 0;
      const failed: string[] = [];
      await queue.enqueue(prEvent(2, "bbb"));
      await queue.work({
        run: async () => {
          calls++;
          throw new Error("GitHub answered 502");
        },
        failed: async (e) => void failed.push(e.id),
      });
      await queue.idle();
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(3);
      expect(failed).toHaveLength(1);
    });

    it("keeps one installation within its concurrency limit while others proceed", async () => {
      queue = make({ concurrency: 4, perInstallation: 1 });
      const active = new Map<number, number>();
      let maxBusy = 0;
      let otherRan = false;
      for (let i = 0; i < 4; i++) await queue.enqueue(prEvent(100 + i, `s${i}`, 42));
      await queue.enqueue(prEvent(200, "x", 43));
      await queue.work({
        run: async (e) => {
          const inst = (e.payload.installation as { id: number }).id;
          if (inst === 43) otherRan = true;
          active.set(inst, (active.get(inst) ?? 0) + 1);
          if (inst === 42) maxBusy = Math.max(maxBusy, active.get(inst)!);
          await new Promise((r) => setTimeout(r, 30));
          active.set(inst, active.get(inst)! - 1);
        },
      });
      await queue.idle();
      expect(maxBusy).toBe(1);
      expect(otherRan).toBe(true);
    });

    it("serves installations in turn: a burst from one does not hold back another's first job", async () => {
      queue = make({ concurrency: 1, perInstallation: 1 });
      const ran: string[] = [];
      for (let i = 1; i <= 5; i++) await queue.enqueue(prEvent(300 + i, `a${i}`, 51, "opened", `A${i}`));
      for (let i = 1; i <= 2; i++) await queue.enqueue(prEvent(400 + i, `b${i}`, 52, "opened", `B${i}`));
      await queue.enqueue(prEvent(500, "c1", 53, "opened", "C1"));
      await queue.work({ run: async (e) => void ran.push(e.id) });
      await queue.idle();
      // FIFO would be A1..A5, B1, B2, C1.
      expect(ran).toEqual(["A1", "B1", "C1", "A2", "B2", "A3", "A4", "A5"]);
    });

    it("never runs two jobs of one pull request at the same time", async () => {
      queue = make({ concurrency: 4, perInstallation: 4 });
      let busy = 0;
      let maxBusy = 0;
      const ran: string[] = [];
      await queue.enqueue(prEvent(5, "eee", 1, "opened", "push"));
      await queue.enqueue(commentEvent("recheck-1", 5));
      await queue.enqueue(commentEvent("recheck-2", 5));
      await queue.work({
        run: async (e) => {
          busy++;
          maxBusy = Math.max(maxBusy, busy);
          await new Promise((r) => setTimeout(r, 40));
          ran.push(e.id);
          busy--;
        },
      });
      await queue.idle();
      expect(ran.sort()).toEqual(["push", "recheck-1", "recheck-2"]);
      expect(maxBusy).toBe(1);
    });

    it("close() lets a running job finish", async () => {
      queue = make({});
      let finished = false;
      await queue.enqueue(prEvent(3, "ccc"));
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      await queue.work({
        run: async () => {
          started();
          await new Promise((r) => setTimeout(r, 100));
          finished = true;
        },
      });
      await running;
      await queue.close();
      expect(finished).toBe(true);
    });

    it("runs more jobs at once once its slots are raised, fewer once lowered, and reports the most it ran", async () => {
      queue = make({ concurrency: 1, perInstallation: 10 });
      let running = 0;
      let ended = 0;
      const releases: (() => void)[] = [];
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
        expect(check()).toBe(true);
      };
      for (let i = 1; i <= 6; i++) await queue.enqueue(prEvent(200 + i, `slot${i}`, 10 + i, "opened"));
      await queue.work({
        run: async () => {
          running++;
          await new Promise<void>((r) => releases.push(r));
          running--;
          ended++;
        },
      });
      await until(() => running === 1);
      expect(queue.slots()).toBe(1);
      expect(queue.takePeakBusy()).toBe(1);
      queue.setSlots(3);
      expect(queue.slots()).toBe(3);
      // BullMQ's worker fetches more jobs when one ends; the in-process queue at once. Either way, 3 then run.
      releases.shift()!();
      await until(() => running === 3 && releases.length === 3);
      expect(queue.takePeakBusy()).toBe(3);
      queue.setSlots(1);
      // Running jobs are not stopped; as they end, only one new one starts.
      releases.splice(0).forEach((release) => release());
      await until(() => running === 1 && releases.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(running).toBe(1);
      expect(queue.takePeakBusy()).toBeGreaterThanOrEqual(1);
      expect(queue.takePeakBusy()).toBe(1);
      // Until all six jobs have ended: between a job's fetch and its start neither count shows it, so "nothing
      // running, nothing to release" is not the end (a job starting after it would hold idle() and close()).
      for (let i = 0; i < 1_000 && ended < 6; i++) {
        releases.splice(0).forEach((release) => release());
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(ended).toBe(6);
      expect(running).toBe(0);
      await queue.idle();
      // Three waits of up to 5 s each for BullMQ's worker to fetch jobs: on a loaded 2-core machine that alone can
      // pass jest's default 30 s; the waits are bounded, so a generous limit keeps the test about behaviour only.
    }, 120_000);
  });
}
