import { Counter, Gauge, Histogram, type LabelValues, type Registry } from 'prom-client';

type Labels = LabelValues<string>;

interface Series {
  readonly labels: Labels;
  value: number;
}

/**
 * Series found by an owner object (a tool's labels, which the labeler keeps stable) and a small
 * variant string, so the hot path does no label hashing: prom-client hashes the label set of
 * every `inc()`/`observe()`, which costs more than the rest of a call's bookkeeping.
 */
class SeriesCache<Entry> {
  private readonly byOwner = new WeakMap<object, Map<string, Entry>>();
  constructor(private readonly create: (labels: Labels) => Entry) {}
  at(owner: object, variant: string, labels: () => Labels): Entry {
    let variants = this.byOwner.get(owner);
    if (!variants) this.byOwner.set(owner, (variants = new Map()));
    let entry = variants.get(variant);
    if (entry === undefined) variants.set(variant, (entry = this.create(labels())));
    return entry;
  }
}

export interface MetricConfig {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** A counter (or gauge) kept as plain numbers, copied into prom-client when scraped. */
export function scrapedNumbers(
  registry: Registry,
  config: MetricConfig,
  type: 'counter' | 'gauge',
) {
  const all: Series[] = [];
  const cache = new SeriesCache<Series>((labels) => {
    const series = { labels, value: 0 };
    all.push(series);
    return series;
  });
  const settings = { ...config, labelNames: [...config.labelNames], registers: [registry] };
  if (type === 'counter') {
    new Counter({
      ...settings,
      collect() {
        this.reset();
        for (const series of all) if (series.value > 0) this.inc(series.labels, series.value);
      },
    });
  } else {
    new Gauge({
      ...settings,
      collect() {
        this.reset();
        for (const series of all) this.set(series.labels, series.value);
      },
    });
  }
  return cache;
}

/** A prom-client histogram whose per-series observers are made once. */
export function cachedHistogram(
  registry: Registry,
  config: MetricConfig & { readonly buckets: readonly number[] },
) {
  const histogram = new Histogram({
    ...config,
    labelNames: [...config.labelNames],
    buckets: [...config.buckets],
    registers: [registry],
  });
  return new SeriesCache((labels) => histogram.labels(labels));
}
