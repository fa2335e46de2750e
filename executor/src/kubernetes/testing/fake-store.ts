/**
 * The object store of the fake API server: namespaced objects by kind, label and
 * field selectors as the API server understands them, and watch subscriptions.
 */
import { randomUUID } from 'node:crypto';

export type Kind = 'pods' | 'persistentvolumeclaims' | 'events';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string; uid?: string; creationTimestamp?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
type Listener = (type: WatchEventType, kind: Kind, object: KubeObject) => void;

export class FakeStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<Listener>();
  private version = 1;

  get(kind: Kind, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(key(kind, namespace, name));
  }

  list(kind: Kind, namespace: string, labelSelector?: string | null, fieldSelector?: string | null): KubeObject[] {
    const prefix = `${kind}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && matchesLabels(o, labelSelector) && matchesFields(o, fieldSelector))
      .map(([, o]) => o);
  }

  /** Creates; returns false when the name is taken (the API answers 409 AlreadyExists). */
  create(kind: Kind, namespace: string, object: KubeObject): KubeObject | undefined {
    const k = key(kind, namespace, object.metadata.name);
    if (this.objects.has(k)) return undefined;
    const stored: KubeObject = {
      ...object,
      metadata: { ...object.metadata, namespace, uid: randomUUID(), creationTimestamp: new Date().toISOString(), resourceVersion: String(this.version++) },
    };
    this.objects.set(k, stored);
    this.emit('ADDED', kind, stored);
    return stored;
  }

  update(kind: Kind, namespace: string, name: string, change: (o: KubeObject) => KubeObject): KubeObject | undefined {
    const current = this.get(kind, namespace, name);
    if (!current) return undefined;
    const next = change(structuredClone(current));
    next.metadata.resourceVersion = String(this.version++);
    this.objects.set(key(kind, namespace, name), next);
    this.emit('MODIFIED', kind, next);
    return next;
  }

  delete(kind: Kind, namespace: string, name: string): KubeObject | undefined {
    const k = key(kind, namespace, name);
    const current = this.objects.get(k);
    if (!current) return undefined;
    this.objects.delete(k);
    this.emit('DELETED', kind, current);
    return current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(type: WatchEventType, kind: Kind, object: KubeObject): void {
    for (const listener of this.listeners) listener(type, kind, object);
  }
}

function key(kind: Kind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Equality (`a=b`, `a==b`), inequality (`a!=b`) and existence (`a`, `!a`) terms, comma-joined. */
export function matchesLabels(object: KubeObject, selector?: string | null): boolean {
  if (!selector) return true;
  const labels = object.metadata.labels ?? {};
  return selector.split(',').every((term) => {
    const t = term.trim();
    const neq = /^([^!=]+)!=(.*)$/.exec(t);
    if (neq) return labels[neq[1]!] !== neq[2];
    const eq = /^([^=]+)==?(.*)$/.exec(t);
    if (eq) return labels[eq[1]!] === eq[2];
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}

/** Field selectors on dotted paths (`metadata.name=x`, `involvedObject.name=x`). */
export function matchesFields(object: KubeObject, selector?: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [path, value] = term.split('=') as [string, string];
    let current: unknown = object;
    for (const part of path.split('.')) current = (current as Record<string, unknown> | undefined)?.[part];
    return String(current) === value;
  });
}
