// Which shard of a sweep this process runs: --shard i/N, else a Slurm job array's task, else
// a Kubernetes Indexed Job's completion index (with the count from --shards or
// PRUNELAB_SHARDS), else the whole grid.
import { MAX_SHARDS, parseCount, UsageError, type Shard } from './args';

export type ShardSource = 'flag' | 'slurm' | 'kubernetes' | 'none';

export interface ResolvedShard {
  shard: Shard | null;
  source: ShardSource;
}

type Env = Readonly<Record<string, string | undefined>>;

function envCount(env: Env, name: string): number {
  return parseCount(env[name] ?? '', `$${name}`, MAX_SHARDS);
}

function envIndex(env: Env, name: string): number {
  const raw = env[name] ?? '';
  if (!/^\s*\d+\s*$/.test(raw)) throw new UsageError(`$${name} must be a whole number ≥ 0 (got ${JSON.stringify(raw)})`);
  return Number(raw);
}

/**
 * Slurm: position SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT
 * (a contiguous array such as --array=1-8 or 0-7). Kubernetes: JOB_COMPLETION_INDEX,
 * counted from 0, of --shards or PRUNELAB_SHARDS. The flag wins over both.
 */
export function resolveShard(flag: { shard?: Shard; shards?: number }, env: Env): ResolvedShard {
  if (flag.shard) {
    if (flag.shards !== undefined && flag.shards !== flag.shard.count) {
      throw new UsageError(`--shard ${flag.shard.index + 1}/${flag.shard.count} and --shards ${flag.shards} disagree; give one of them`);
    }
    return { shard: flag.shard, source: 'flag' };
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = envIndex(env, 'SLURM_ARRAY_TASK_ID');
    const min = envIndex(env, 'SLURM_ARRAY_TASK_MIN');
    const count = envCount(env, 'SLURM_ARRAY_TASK_COUNT');
    const index = id - min;
    if (index < 0 || index >= count) {
      throw new UsageError(
        `Slurm task ${id} is not one of the ${count} tasks from ${min}: use a contiguous array such as --array=${min}-${min + count - 1} (no step), or pass --shard i/N`,
      );
    }
    return { shard: { index, count }, source: 'slurm' };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = envIndex(env, 'JOB_COMPLETION_INDEX');
    const count = flag.shards ?? (env.PRUNELAB_SHARDS !== undefined ? envCount(env, 'PRUNELAB_SHARDS') : null);
    if (count === null) {
      throw new UsageError('JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N (the Job\'s completions) or set PRUNELAB_SHARDS');
    }
    if (index >= count) throw new UsageError(`JOB_COMPLETION_INDEX ${index} is not below the ${count} shards; set --shards to the Job's completions`);
    return { shard: { index, count }, source: 'kubernetes' };
  }
  if (flag.shards !== undefined) {
    throw new UsageError('--shards needs a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) to pick the shard; outside one pass --shard i/N');
  }
  return { shard: null, source: 'none' };
}
