/**
 * A small Prometheus registry: counters and gauges (with optional labels) and
 * gauges read at scrape time. Rendered in the text exposition format at /metrics.
 * Pure: no I/O, so subsystems can count without knowing who scrapes.
 */
type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
  collect?: () => number | Array<{ labels: Labels; value: number }>;
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}
export interface Gauge {
  set(value: number, labels?: Labels): void;
  inc(labels?: Labels, by?: number): void;
  dec(labels?: Labels, by?: number): void;
}

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export class Metrics {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    const f = this.family(name, help, 'counter');
    // The sync path counts every update: unlabelled increments skip the label key.
    let plain: { labels: Labels; value: number } | undefined;
    return {
      inc: (labels, by = 1) => {
        if (labels) return add(f, labels, by);
        plain ??= unlabelled(f);
        plain.value += by;
      },
    };
  }

  gauge(name: string, help: string): Gauge {
    const f = this.family(name, help, 'gauge');
    return {
      set: (value, labels = {}) => f.values.set(key(labels), { labels, value }),
      inc: (labels = {}, by = 1) => add(f, labels, by),
      dec: (labels = {}, by = 1) => add(f, labels, -by),
    };
  }

  /** A gauge (or a counter kept elsewhere) whose value is read when scraped. */
  collect(name: string, help: string, read: () => number | Array<{ labels: Labels; value: number }>, type: 'counter' | 'gauge' = 'gauge'): void {
    this.family(name, help, type).collect = read;
  }

  render(): string {
    const out: string[] = [];
    for (const f of this.families.values()) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      const samples = f.collect ? normalise(f.collect()) : [...f.values.values()];
      for (const s of samples) out.push(`${f.name}${formatLabels(s.labels)} ${s.value}`);
    }
    return `${out.join('\n')}\n`;
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let f = this.families.get(name);
    if (!f) {
      f = { name, help, type, values: new Map() };
      this.families.set(name, f);
    }
    return f;
  }
}

function add(f: Family, labels: Labels, by: number): void {
  const k = key(labels);
  const cur = f.values.get(k);
  if (cur) cur.value += by;
  else f.values.set(k, { labels, value: by });
}

function unlabelled(f: Family): { labels: Labels; value: number } {
  const k = key({});
  let cell = f.values.get(k);
  if (!cell) {
    cell = { labels: {}, value: 0 };
    f.values.set(k, cell);
  }
  return cell;
}

function normalise(v: number | Array<{ labels: Labels; value: number }>) {
  return typeof v === 'number' ? [{ labels: {}, value: v }] : v;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}
