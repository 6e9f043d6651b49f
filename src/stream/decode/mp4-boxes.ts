/**
 * Lists the boxes inside a span of an MP4 index held in memory (the `moov` box): the helper behind
 * `mp4-moov.ts` and `mp4-tables.ts`.
 *
 * Reference: ISO/IEC 14496-12 §4.2 (box header: 32-bit size, type, 64-bit size when size is 1, to the
 * end of the enclosing box when size is 0).
 *
 * @module
 */

export interface Box {
  readonly type: string
  /** Offset of the body (after the header). */
  readonly body: number
  /** Offset after the box. */
  readonly end: number
}

/** The boxes in `view[from..to)`; stops at the first box whose size is impossible. */
export const children = (view: DataView, from: number, to: number): Box[] => {
  const boxes: Box[] = []
  let at = from
  while (at + 8 <= to) {
    let size = view.getUint32(at)
    let header = 8
    if (size === 1 && at + 16 <= to) {
      size = Number(view.getBigUint64(at + 8))
      header = 16
    } else if (size === 0) size = to - at
    if (size < header || at + size > to) break
    const type = String.fromCharCode(
      view.getUint8(at + 4),
      view.getUint8(at + 5),
      view.getUint8(at + 6),
      view.getUint8(at + 7),
    )
    boxes.push({ type, body: at + header, end: at + size })
    at += size
  }
  return boxes
}

/** The first child of `parent` of type `type`. */
export const child = (view: DataView, parent: Box | undefined, type: string): Box | undefined =>
  parent === undefined ? undefined : children(view, parent.body, parent.end).find((b) => b.type === type)
