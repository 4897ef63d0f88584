import { DEFAULT_SLOT_LIMITS, governSlots, lastGovernorReading, nextSlots, type GovernedQueue } from "../../src/queue/slot-governor.js";

describe("nextSlots", () => {
  it("adds a quarter more slots while every slot was busy and the event loop had room", () => {
    expect(nextSlots(16, { utilization: 0.6, peakBusy: 16 })).toBe(20);
    expect(nextSlots(4, { utilization: 0.1, peakBusy: 4 })).toBe(5);
  });

  it("keeps growing a full queue whose loop was idle more than a tenth of the time", () => {
    expect(nextSlots(32, { utilization: 0.85, peakBusy: 32 })).toBe(40);
  });

  it("keeps the slots when some stayed free, or when the loop is busy but not saturated", () => {
    expect(nextSlots(16, { utilization: 0.3, peakBusy: 15 })).toBe(16);
    expect(nextSlots(16, { utilization: 0.9, peakBusy: 16 })).toBe(16);
    expect(nextSlots(16, { utilization: 0.96, peakBusy: 16 })).toBe(16);
  });

  it("gives back an eighth of the slots when the event loop is saturated, full or not", () => {
    expect(nextSlots(16, { utilization: 0.98, peakBusy: 16 })).toBe(14);
    expect(nextSlots(16, { utilization: 0.995, peakBusy: 3 })).toBe(14);
  });

  it("stays within its limits", () => {
    expect(nextSlots(DEFAULT_SLOT_LIMITS.max, { utilization: 0.1, peakBusy: 99 })).toBe(DEFAULT_SLOT_LIMITS.max);
    expect(nextSlots(DEFAULT_SLOT_LIMITS.min, { utilization: 1, peakBusy: 99 })).toBe(DEFAULT_SLOT_LIMITS.min);
    expect(nextSlots(100, { utilization: 0.5, peakBusy: 1 })).toBe(DEFAULT_SLOT_LIMITS.max);
  });
});

describe("governSlots", () => {
  function fakeQueue(slots: number, busy: number[]): GovernedQueue & { set: number[] } {
    const set: number[] = [];
    return {
      set,
      slots: () => slots,
      setSlots: (n) => void set.push((slots = n)),
      takePeakBusy: () => busy.shift() ?? 0,
    };
  }

  it("grows a full queue while the loop has room, then shrinks it when the loop saturates", () => {
    const utilization = [0.5, 0.5, 0.995];
    const queue = fakeQueue(8, [8, 10, 12]);
    const governor = governSlots(queue, { utilization: () => utilization.shift()! });
    expect(governor.tick()).toBe(10);
    expect(governor.tick()).toBe(13);
    expect(governor.tick()).toBe(12);
    expect(queue.set).toEqual([10, 13, 12]);
    governor.stop();
  });

  it("keeps its last reading (what it measured and the slots it chose) for diagnostics", () => {
    const governor = governSlots(fakeQueue(8, [8, 3]), { utilization: () => 0.5 });
    governor.tick();
    expect(lastGovernorReading()).toEqual({ utilization: 0.5, peakBusy: 8, slots: 10 });
    governor.tick();
    expect(lastGovernorReading()).toEqual({ utilization: 0.5, peakBusy: 3, slots: 10 });
  });

  it("changes nothing on a queue with room to spare", () => {
    const queue = fakeQueue(8, [2, 0]);
    const governor = governSlots(queue, { utilization: () => 0.2 });
    governor.tick();
    governor.tick();
    expect(queue.set).toEqual([]);
  });

  it("measures this process's event loop when no utilization is given", () => {
    const queue = fakeQueue(8, [8]);
    const governor = governSlots(queue);
    const start = Date.now();
    while (Date.now() - start < 30); // a busy loop: the interval's utilization is near 1
    expect(governor.tick()).toBe(7);
  });
});
