// Which callers' U an operator's WebAssembly memory holds between calls (InPlaceDescent). The
// lab's two lanes take turns on one operator a step at a time; with a copy of each lane's U
// kept in the memory, a lane's step reads its U there instead of copying it in (and, in
// float32, rounding it) and descends there without copying it out, each time: the caller's
// array is brought up to date when it is read (readInto), or when its slot is needed for
// another caller's U.

interface Slot {
  /** The caller's array this slot holds a copy of, and how many of its entries. */
  owner: Float64Array | null;
  size: number;
  /** The copy moved on (descend) since the owner's array last matched it. */
  moved: boolean;
  lastUse: number;
}

/** How a slot's copy is filled from a caller's array and written back to it. */
export interface SlotCopies {
  copyIn(slot: number, from: Float64Array, size: number): void;
  copyOut(slot: number, to: Float64Array, size: number): void;
}

export class HeldU {
  private readonly slots: Slot[];
  private uses = 0;

  constructor(
    count: number,
    private readonly copies: SlotCopies,
  ) {
    this.slots = Array.from({ length: count }, () => ({ owner: null, size: 0, moved: false, lastUse: 0 }));
  }

  /**
   * The slot holding U's first `size` entries. A slot already holding U keeps its copy, unless
   * `fresh` asks for U's own values; otherwise the least recently used slot takes U, its copy
   * written back to its owner first if it had moved on.
   */
  acquire(U: Float64Array, size: number, fresh = false): number {
    let index = this.slots.findIndex((slot) => slot.owner === U && slot.size === size);
    if (index < 0) {
      index = this.leastRecentlyUsed();
      this.writeBack(index);
      fresh = true;
    }
    const slot = this.slots[index];
    if (fresh) {
      this.copies.copyIn(index, U, size);
      Object.assign(slot, { owner: U, size, moved: false });
    }
    slot.lastUse = ++this.uses;
    return index;
  }

  /** The copy in `slot` moved on: its owner's array is out of date until readInto. */
  moved(slot: number): void {
    this.slots[slot].moved = true;
  }

  /** Brings U up to date when a slot holds a copy of it that moved on. */
  readInto(U: Float64Array): void {
    const index = this.slots.findIndex((slot) => slot.owner === U);
    if (index >= 0) this.writeBack(index);
  }

  /** Forgets the copy of U without writing it back: its owner replaced the values. */
  release(U: Float64Array): void {
    for (const slot of this.slots) if (slot.owner === U) Object.assign(slot, { owner: null, moved: false });
  }

  /** Writes every moved copy back and forgets them all (the memory is about to be laid out again). */
  flush(): void {
    this.slots.forEach((slot, index) => {
      this.writeBack(index);
      slot.owner = null;
    });
  }

  private writeBack(index: number): void {
    const slot = this.slots[index];
    if (slot.owner && slot.moved) this.copies.copyOut(index, slot.owner, slot.size);
    slot.moved = false;
  }

  private leastRecentlyUsed(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) if (this.slots[i].lastUse < this.slots[best].lastUse) best = i;
    return best;
  }
}
