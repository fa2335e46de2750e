/** Operations: liveness, readiness and its detail (the Kubernetes probes, people on call). */
import { z } from './zod';

export const livenessSchema = z.object({ status: z.literal('ok') });
export type Liveness = z.infer<typeof livenessSchema>;

export const readySchema = z.object({ status: z.literal('ready') });
export type Ready = z.infer<typeof readySchema>;

export const notReadySchema = z
  .object({
    status: z.literal('unavailable'),
    reason: z.enum(['database_unavailable', 'shutting_down']),
    message: z.string(),
  })
  .openapi('NotReady');
export type NotReady = z.infer<typeof notReadySchema>;

const count = z.number().int().min(0);

export const detailedHealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    uptimeSeconds: z.number(),
    database: z.object({ reachable: z.boolean(), latencyMs: z.number(), error: z.string().optional() }),
    documents: z.object({ loaded: count, connections: count }),
    persistence: z
      .object({
        pendingUpdates: count,
        lastBatchSize: count,
        lastCommitLagMs: z.number(),
        batches: count,
        failedContentWrites: count.openapi({ description: 'Items whose `content` column write was refused since start' }),
      })
      .openapi({ description: 'The update log: pending updates, last group-commit batch size and lag, batches committed' }),
    memory: z.object({ rssBytes: count, heapUsedBytes: count, heapTotalBytes: count, externalBytes: count }),
    replicas: z
      .object({
        replicaId: z.string(),
        address: z.string().nullable().openapi({ description: 'Where other replicas reach this one (TANDEM_REPLICA_ADDRESS); null without an internal listener' }),
        leasesHeld: count.openapi({ description: 'Workspace environments this replica owns' }),
        sessions: z.object({ local: count, forwarded: count, unavailable: count }).openapi({ description: 'Workspace sockets here: answered here, forwarded to the owner on another replica, or with no owner reachable' }),
        adopted: count.openapi({ description: 'Sessions of clients on other replicas answered here' }),
      })
      .openapi({ description: 'Environment ownership among replicas (docs/replicas.md)' }),
  })
  .openapi('DetailedHealth');
export type DetailedHealth = z.infer<typeof detailedHealthSchema>;
