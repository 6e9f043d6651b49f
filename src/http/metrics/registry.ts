/**
 * Counters, gauges and histograms with labels, rendered in the Prometheus text exposition format
 * (version 0.0.4): what `GET /metrics` serves. Small on purpose: the service needs a handful of
 * metrics, each with a few low-cardinality labels.
 *
 * @module
 */

export type Labels = Readonly<Record<string, string>>

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')

const labelText = (labels: Labels, extra?: readonly [string, string]): string => {
  const pairs = Object.entries(labels)
  if (extra !== undefined) pairs.push([extra[0], extra[1]])
  return pairs.length === 0 ? "" : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`
}

const key = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort())

const number = (x: number): string =>
  Number.isFinite(x) ? String(x) : x > 0 ? "+Inf" : x < 0 ? "-Inf" : "NaN"

interface Metric {
  render(): string
}

abstract class Base<V> implements Metric {
  protected readonly series = new Map<string, { labels: Labels; value: V }>()
  readonly name: string
  readonly help: string
  abstract readonly type: string
  constructor(name: string, help: string) {
    this.name = name
    this.help = help
  }
  protected entry(labels: Labels, init: () => V) {
    const k = key(labels)
    let e = this.series.get(k)
    if (e === undefined) {
      e = { labels, value: init() }
      this.series.set(k, e)
    }
    return e
  }
  protected header(): string {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`
  }
  abstract render(): string
}

/** A value that only goes up (requests served, seconds of audio decoded). */
export class Counter extends Base<number> {
  readonly type = "counter"
  inc(labels: Labels = {}, by = 1): void {
    this.entry(labels, () => 0).value += by
  }
  render(): string {
    let out = this.header()
    for (const { labels, value } of this.series.values())
      out += `${this.name}${labelText(labels)} ${number(value)}\n`
    return out
  }
}

/** A value read when scraped (queue depth, requests in flight). */
export class Gauge implements Metric {
  readonly name: string
  readonly help: string
  private readonly read: () => ReadonlyArray<readonly [Labels, number]>
  constructor(name: string, help: string, read: () => number | ReadonlyArray<readonly [Labels, number]>) {
    this.name = name
    this.help = help
    this.read = () => {
      const v = read()
      return typeof v === "number" ? [[{}, v]] : v
    }
  }
  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} gauge\n`
    for (const [labels, value] of this.read()) out += `${this.name}${labelText(labels)} ${number(value)}\n`
    return out
  }
}

interface Buckets {
  counts: Float64Array
  sum: number
  count: number
}

/** Observations counted in cumulative buckets (latencies, batch sizes). */
export class Histogram extends Base<Buckets> {
  readonly type = "histogram"
  readonly bounds: ReadonlyArray<number>
  constructor(name: string, help: string, bounds: ReadonlyArray<number>) {
    super(name, help)
    this.bounds = [...bounds].sort((a, b) => a - b)
  }
  observe(value: number, labels: Labels = {}): void {
    const e = this.entry(labels, () => ({
      counts: new Float64Array(this.bounds.length),
      sum: 0,
      count: 0,
    })).value
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) e.counts[i]!++
    e.sum += value
    e.count++
  }
  render(): string {
    let out = this.header()
    for (const { labels, value } of this.series.values()) {
      this.bounds.forEach((le, i) => {
        out += `${this.name}_bucket${labelText(labels, ["le", number(le)])} ${value.counts[i]}\n`
      })
      out += `${this.name}_bucket${labelText(labels, ["le", "+Inf"])} ${value.count}\n`
      out += `${this.name}_sum${labelText(labels)} ${value.sum}\n`
      out += `${this.name}_count${labelText(labels)} ${value.count}\n`
    }
    return out
  }
}

/** A set of metrics rendered together. */
export class Registry {
  private readonly metrics: Metric[] = []
  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric)
    return metric
  }
  /** The Prometheus text format (`Content-Type: text/plain; version=0.0.4`). */
  render(): string {
    return this.metrics.map((m) => m.render()).join("")
  }
}
